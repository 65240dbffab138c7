#pragma once
// The HTTP/1.1 request-head parser: a pure function over bytes, no I/O and no
// allocation. It is re-run from the start of the head as bytes arrive (heads
// are small; the connection calls it only when a new line has arrived).
#include <cstddef>
#include <span>
#include <string_view>

#include "spur/http/error.hpp"
#include "spur/http/limits.hpp"
#include "spur/http/request_head.hpp"

namespace spur::http {

enum class ParseStatus { complete, incomplete, error };

struct ParseResult {
  ParseStatus status = ParseStatus::incomplete;
  std::size_t consumed = 0;  // bytes of the head, CRLFCRLF included, when complete
  Error error{};             // when status == error
};

// Parses one request head at the start of `in`, filling `out` and the fields
// into `storage` (out.headers views the used part). Leading empty lines are
// skipped (RFC 9112 §2.2) and counted in `consumed`. Limits that can be judged
// before the head ends (target length, head size, field count) are reported as
// soon as they are crossed, so a client cannot make the server wait for them.
// Example:
//   Header fields[100]; RequestHead head;
//   auto r = parse_request_head("GET / HTTP/1.1\r\nHost: a\r\n\r\n", {}, head, fields);
//   // r.status == complete, r.consumed == 27, head.path == "/"
ParseResult parse_request_head(std::string_view in, const Limits& limits, RequestHead& out,
                               std::span<Header> storage) noexcept;

}  // namespace spur::http
