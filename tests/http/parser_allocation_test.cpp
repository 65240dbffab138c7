// Counts heap allocations with a replaced global operator new, to hold the
// HTTP layer to its promise: parsing a request and reading it through the
// RequestReader (head, Content-Length and chunked bodies, pipelining) does not
// allocate once the connection's buffer exists.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "spur/http/parser.hpp"
#include "spur/http/request_reader.hpp"
#include "support/counting_new.hpp"

using spur::testing_support::allocation_count;

namespace spur::http {
namespace {

const std::string browser_request =
    "GET /api/users/123?include=posts HTTP/1.1\r\n"
    "Host: example.com\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0.0.0\r\n"
    "Accept: application/json\r\n"
    "Accept-Encoding: gzip, deflate, br\r\n"
    "Cookie: session=abcdef; theme=dark\r\n"
    "Connection: keep-alive\r\n\r\n";

TEST(ParserAllocation, TheCounterSeesAllocations) {
  const std::size_t before = allocation_count.load();
  auto* s = new std::string(100, 'x');  // past the small-string buffer: two allocations
  EXPECT_GE(allocation_count.load() - before, 2u);
  delete s;
}

TEST(ParserAllocation, ParsingAHeadDoesNotAllocate) {
  Limits limits;
  std::array<Header, 100> fields;
  RequestHead head;
  const std::size_t before = allocation_count.load();
  ParseResult r = parse_request_head(browser_request, limits, head, fields);
  EXPECT_EQ(allocation_count.load() - before, 0u);
  ASSERT_EQ(r.status, ParseStatus::complete);
  EXPECT_EQ(head.headers.size(), 6u);
}

TEST(ParserAllocation, ReadingPipelinedRequestsDoesNotAllocate) {
  const std::string pipelined =
      browser_request + "POST /api/echo HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\n\r\n{\"a\":1}" +
      "POST /api/echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
      "chunked\r\n\r\n3;x=1\r\nabc\r\n0\r\n\r\n";
  Limits limits;
  RequestReader reader(limits);
  reader.prepare(8192);  // the connection's buffer: allocated once, up front

  const std::size_t before = allocation_count.load();
  std::span<char> space = reader.prepare(pipelined.size());
  std::memcpy(space.data(), pipelined.data(), pipelined.size());
  reader.commit(pipelined.size());
  int requests = 0;
  while (reader.next() == RequestReader::Event::request) {
    ++requests;
    reader.release();
  }
  EXPECT_EQ(allocation_count.load() - before, 0u);
  EXPECT_EQ(requests, 3);
}

}  // namespace
}  // namespace spur::http
