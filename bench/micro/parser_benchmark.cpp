// Parser micro-benchmark: nanoseconds per request head for typical requests.
// No thresholds: the numbers are for comparing changes on the same machine.
#include <benchmark/benchmark.h>

#include <array>
#include <string>

#include "spur/http/parser.hpp"

namespace {

using namespace spur::http;

const std::string wrk_get = "GET /api/hello HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n\r\n";
const std::string browser_get =
    "GET /api/users/123?include=posts&limit=10 HTTP/1.1\r\n"
    "Host: example.com\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
    "Accept-Language: en-US,en;q=0.9\r\n"
    "Accept-Encoding: gzip, deflate, br\r\n"
    "Cookie: session=abcdef0123456789; theme=dark; _ga=GA1.2.1234567890.1234567890\r\n"
    "Connection: keep-alive\r\n"
    "Upgrade-Insecure-Requests: 1\r\n"
    "Sec-Fetch-Dest: document\r\n"
    "Sec-Fetch-Mode: navigate\r\n\r\n";
const std::string json_post =
    "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    "Content-Length: 1024\r\n\r\n";

void parse(benchmark::State& state, const std::string& raw) {
  Limits limits;
  std::array<Header, 100> fields;
  RequestHead head;
  for (auto _ : state) {
    auto r = parse_request_head(raw, limits, head, fields);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(head);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
}

BENCHMARK_CAPTURE(parse, wrk_get, wrk_get);
BENCHMARK_CAPTURE(parse, browser_get, browser_get);
BENCHMARK_CAPTURE(parse, json_post_head, json_post);

}  // namespace

BENCHMARK_MAIN();
