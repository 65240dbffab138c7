#pragma once
// Every limit the HTTP/1.1 engine enforces on untrusted input, in one place,
// with defaults safe for a public server. Each limit has its own error (see
// error.hpp) and so its own status.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace spur::http {

struct Limits {
  // Longest request-target; longer answers 414 URI Too Long.
  std::size_t max_target_bytes = 8 * 1024;
  // Largest request head (request line + header fields + CRLFs); larger
  // answers 431 Request Header Fields Too Large. Also bounds a chunked trailer.
  std::size_t max_header_bytes = 16 * 1024;
  // Most header fields in one head; more answers 431.
  std::size_t max_header_count = 100;
  // Largest request body, declared or chunked; larger answers 413 before the
  // body is read. Routes may only lower it.
  std::uint64_t max_body_bytes = 16 * 1024 * 1024;
  // The same for a body a route reads as it arrives (RouteConfig::stream_body),
  // which costs no memory: the default and ceiling of such routes' limits.
  std::uint64_t max_streamed_body_bytes = 4ull * 1024 * 1024 * 1024;
  // Bytes of chunk extensions accepted across one body; more answers 400.
  // Extensions are ignored, so this only stops them being used to waste CPU.
  std::size_t max_chunk_extension_bytes = 4 * 1024;
  // Answers a connection may hold unsent (pipelined requests whose client
  // does not read): past it, no more of its requests are read until the
  // client reads. Streams and WebSockets hold back at 64 KiB on their own.
  std::size_t max_unsent_output_bytes = 1024 * 1024;
};

struct Timeouts {
  using duration = std::chrono::milliseconds;
  // From the first byte of a request until its head is complete (slowloris).
  duration header = std::chrono::seconds(10);
  // Longest pause between two reads of a request body (h2o's default: a
  // stalled upload holds a connection and its buffer for no longer).
  duration body = std::chrono::seconds(10);
  // An open keep-alive connection with no request in progress.
  duration idle = std::chrono::seconds(60);
  // Longest pause while the client is not reading our response.
  duration write = std::chrono::seconds(30);
  // On shutdown, how long in-flight requests may take before connections are cut.
  duration shutdown_grace = std::chrono::seconds(10);
};

}  // namespace spur::http
