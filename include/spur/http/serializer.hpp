#pragma once
// Writes response heads and chunked framing into an output buffer. The body
// itself is appended by the caller (or streamed later as chunks).
#include <cstdint>
#include <string>
#include <string_view>

#include "spur/http/fields.hpp"

namespace spur::http {

struct ResponseHead {
  int status = 200;
  std::string_view reason;  // empty: the standard phrase for `status`
  // The response's own fields (none when null). Content-Length,
  // Transfer-Encoding, Date, Keep-Alive, Connection and Upgrade among them are
  // not written: the server writes its own (a 101 keeps its Connection and
  // Upgrade, a 426 its Upgrade).
  const Fields* fields = nullptr;
  // The body's length; for HEAD the length GET would have sent. Ignored when
  // `chunked` or when the status forbids a body.
  std::uint64_t content_length = 0;
  bool chunked = false;    // length unknown: Transfer-Encoding: chunked (HTTP/1.1 only)
  bool keep_alive = true;  // false adds Connection: close
  int version_minor = 1;   // the request's; HTTP/1.0 keep-alive is announced
};

// Appends the status line, Date, framing and `fields`, then the blank line.
void write_head(std::string& out, const ResponseHead& head);

// Appends one chunk (nothing for empty data: an empty chunk would end the body).
void write_chunk(std::string& out, std::string_view data);
// Appends the last-chunk and an empty trailer section.
void write_last_chunk(std::string& out);

// "HTTP/1.1 100 Continue\r\n\r\n"
inline constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace spur::http
