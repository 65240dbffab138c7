#include "runtime/error_body.hpp"

#include <cstdio>

namespace spur::detail {

void append_json_escaped(std::string& out, std::string_view message) {
  for (char c : message) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
}

std::string error_body(std::string_view message) {
  std::string out = R"({"error":")";
  append_json_escaped(out, message);
  out += "\"}";
  return out;
}

std::string error_body(std::string_view message, const ErrorFormat& format, int status,
                       std::string_view request_id) {
  std::string out = "{\"";
  append_json_escaped(out, format.message_key);
  out += "\":\"";
  append_json_escaped(out, message);
  out += '"';
  if (format.include_status) out.append(",\"status\":").append(std::to_string(status));
  if (format.include_request_id && !request_id.empty()) {
    out += ",\"requestId\":\"";
    append_json_escaped(out, request_id);
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace spur::detail
