#include "spur/core/error_body.hpp"

#include "spur/text/json_escape.hpp"

namespace spur::detail {

std::string error_body(std::string_view message) {
  std::string out = R"({"error":)";
  text::append_json_string(out, message);
  out += '}';
  return out;
}

std::string error_body(std::string_view message, const ErrorFormat& format, int status,
                       std::string_view request_id) {
  std::string out = "{";
  text::append_json_string(out, format.message_key);
  out += ':';
  text::append_json_string(out, message);
  if (format.include_status) out.append(",\"status\":").append(std::to_string(status));
  if (format.include_request_id && !request_id.empty()) {
    out += ",\"requestId\":";
    text::append_json_string(out, request_id);
  }
  out += '}';
  return out;
}

}  // namespace spur::detail
