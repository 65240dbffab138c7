#include "runtime/error_body.hpp"

#include <cstdio>

namespace spur::detail {

std::string error_body(std::string_view message) {
  std::string out = R"({"error":")";
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
  out += "\"}";
  return out;
}

}  // namespace spur::detail
