#pragma once
// Errors of the HTTP/1.1 layer. Each value names one way a request can be
// wrong or exceed a limit; to_status() maps it to the one status a client gets.
// They travel as std::error_code: no exceptions on the I/O path.
#include <system_error>

namespace spur::http {

enum class Error {
  // Request line
  bad_request_line = 1,   // not `method SP target SP version CRLF`
  method_too_long,        // a method token longer than any real one: 501
  unknown_method,         // a token no method registry knows (`get`, `FOO`): 501
  bad_target,             // control, space or non-ASCII bytes; a form the method forbids
  target_too_long,        // longer than Limits::max_target_bytes: 414
  bad_version,            // not `HTTP/d.d`
  version_not_supported,  // HTTP/d.d other than 1.0 and 1.1: 505
  // Header section
  bad_line_ending,           // a CR not followed by LF, or a bare LF
  bad_header_name,           // empty, or not a token
  space_before_colon,        // `Name : value` (RFC 9112 §5.1: must be rejected)
  obs_fold,                  // a field line continued on the next (RFC 9112 §5.2)
  bad_header_value,          // control characters in a field value
  header_section_too_large,  // longer than Limits::max_header_bytes: 431
  too_many_headers,          // more than Limits::max_header_count: 431
  missing_host,              // HTTP/1.1 without Host (RFC 9112 §3.2)
  duplicate_host,            // two Host fields
  bad_host,                  // a Host value that is not a uri-host[:port]
  // Message framing (RFC 9112 §6): the smuggling surface
  bad_content_length,           // not 1*DIGIT, or too large for 64 bits
  conflicting_content_length,   // several Content-Length values that differ
  content_length_with_chunked,  // Content-Length and Transfer-Encoding together
  chunked_not_final,            // a final transfer coding other than chunked
  unknown_transfer_coding,      // a coding Spur does not implement: 501
  transfer_encoding_in_http10,  // Transfer-Encoding in an HTTP/1.0 request
  body_too_large,               // over Limits::max_body_bytes: 413
  expectation_failed,           // an Expect other than 100-continue: 417
  // Chunked body
  bad_chunk_size,        // not hex digits, or more of them than 64 bits hold
  bad_chunk_extension,   // malformed, or over Limits::max_chunk_extension_bytes
  bad_chunk_terminator,  // chunk data not followed by CRLF
  bad_trailer,           // a malformed trailer field
  trailer_too_large,     // trailer section over Limits::max_header_bytes: 431
  // Connection
  header_timeout,  // head not complete within Timeouts::header: 408
  body_timeout,    // body stalled longer than Timeouts::body: 408
  // Server
  body_memory_full,  // the process's buffered bodies fill ServerOptions::max_body_memory: 503
};

const std::error_category& error_category() noexcept;

inline std::error_code make_error_code(Error e) noexcept {
  return {static_cast<int>(e), error_category()};
}

// The status a client receives for `e`: 400, 408, 413, 414, 417, 431, 501, 503 or 505.
int to_status(Error e) noexcept;

// A short human-readable description, used in error bodies and docs.
const char* describe(Error e) noexcept;

}  // namespace spur::http

template <>
struct std::is_error_code_enum<spur::http::Error> : std::true_type {};
