#include "server/error_response.hpp"

#include <cstdio>
#include <exception>

namespace spur::server {

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

Response internal_error(const Request& request, std::string_view what) {
  std::fprintf(stderr, "spur: error in handler for %.*s %.*s: %.*s\n",
               static_cast<int>(request.method().size()), request.method().data(),
               static_cast<int>(request.path().size()), request.path().data(),
               static_cast<int>(what.size()), what.data());
  return Response::json_text(error_body("Internal Server Error"), 500);
}

Response take_result(Task<Response>& task, const Request& request) {
  try {
    return task.result();
  } catch (const std::exception& e) {
    return internal_error(request, e.what());
  } catch (...) {
    return internal_error(request, "unknown exception");
  }
}

}  // namespace spur::server
