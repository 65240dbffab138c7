#pragma once
// A minimal, strict HTTP/1.x response parser for the integration tests: the
// status line, header fields, and a body framed by Content-Length, chunked
// coding, or the end of the connection.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spur::integration {

struct HttpResponse {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // in order received
  std::string body;

  // The first value of `name` (case-insensitive), if present.
  std::optional<std::string> header(std::string_view name) const;
  std::size_t header_count(std::string_view name) const;
};

enum class ParseOutcome {
  complete,    // `response` and `consumed` are valid
  incomplete,  // more bytes are needed
  malformed,   // `error` says why
};

struct ParsedResponse {
  ParseOutcome outcome = ParseOutcome::incomplete;
  std::size_t consumed = 0;
  HttpResponse response;
  std::string error;
};

// Parses one response at the start of `data`. `head_request`: the response
// answers a HEAD request and so has no body whatever it declares. `eof`: the
// connection has ended after `data` (completes a body delimited by close).
ParsedResponse parse_response(std::string_view data, bool head_request, bool eof);

// Parses every response in `data` (e.g. curl -i output), which must end with
// a complete one. Returns an empty vector when malformed.
std::vector<HttpResponse> parse_all_responses(std::string_view data, bool head_request = false);

bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace spur::integration
