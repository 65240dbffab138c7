#include "spur/http/error.hpp"

#include <string>

namespace spur::http {
namespace {

class ErrorCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "spur.http"; }
  std::string message(int ev) const override { return describe(static_cast<Error>(ev)); }
};

}  // namespace

const std::error_category& error_category() noexcept {
  static const ErrorCategory category;
  return category;
}

int to_status(Error e) noexcept {
  switch (e) {
    case Error::method_too_long:
    case Error::unknown_method:
    case Error::unknown_transfer_coding: return 501;
    case Error::target_too_long: return 414;
    case Error::version_not_supported: return 505;
    case Error::header_section_too_large:
    case Error::too_many_headers:
    case Error::trailer_too_large: return 431;
    case Error::body_too_large: return 413;
    case Error::expectation_failed: return 417;
    case Error::header_timeout:
    case Error::body_timeout: return 408;
    case Error::body_memory_full: return 503;
    default: return 400;
  }
}

const char* describe(Error e) noexcept {
  switch (e) {
    case Error::bad_request_line: return "Malformed request line";
    case Error::method_too_long: return "Method not implemented";
    case Error::unknown_method: return "Method not implemented";
    case Error::bad_target: return "Invalid request target";
    case Error::target_too_long: return "Request target too long";
    case Error::bad_version: return "Malformed HTTP version";
    case Error::version_not_supported: return "HTTP version not supported";
    case Error::bad_line_ending: return "Line not terminated by CRLF";
    case Error::bad_header_name: return "Invalid header field name";
    case Error::space_before_colon: return "Whitespace between header field name and colon";
    case Error::obs_fold: return "Obsolete line folding in header field";
    case Error::bad_header_value: return "Invalid character in header field value";
    case Error::header_section_too_large: return "Request header section too large";
    case Error::too_many_headers: return "Too many header fields";
    case Error::missing_host: return "Missing Host header field";
    case Error::duplicate_host: return "More than one Host header field";
    case Error::bad_host: return "Invalid Host header field";
    case Error::bad_content_length: return "Invalid Content-Length";
    case Error::conflicting_content_length: return "Conflicting Content-Length values";
    case Error::content_length_with_chunked:
      return "Content-Length together with Transfer-Encoding";
    case Error::chunked_not_final: return "Transfer-Encoding does not end in chunked";
    case Error::unknown_transfer_coding: return "Transfer coding not implemented";
    case Error::transfer_encoding_in_http10: return "Transfer-Encoding in an HTTP/1.0 request";
    case Error::body_too_large: return "Request body too large";
    case Error::expectation_failed: return "Expectation not supported";
    case Error::bad_chunk_size: return "Invalid chunk size";
    case Error::bad_chunk_extension: return "Invalid chunk extension";
    case Error::bad_chunk_terminator: return "Chunk data not terminated by CRLF";
    case Error::bad_trailer: return "Invalid trailer field";
    case Error::trailer_too_large: return "Trailer section too large";
    case Error::header_timeout: return "Request header timeout";
    case Error::body_timeout: return "Request body timeout";
    case Error::body_memory_full: return "Server busy: too many request bodies in memory";
  }
  return "Bad request";
}

}  // namespace spur::http
