#include "spur/http/method.hpp"

namespace spur::http {

Method method_from_token(std::string_view t) noexcept {
  switch (t.size()) {
    case 3:
      if (t == "GET") return Method::get;
      if (t == "PUT") return Method::put;
      break;
    case 4:
      if (t == "POST") return Method::post;
      if (t == "HEAD") return Method::head;
      break;
    case 5:
      if (t == "PATCH") return Method::patch;
      if (t == "TRACE") return Method::trace;
      break;
    case 6:
      if (t == "DELETE") return Method::delete_;
      break;
    case 7:
      if (t == "OPTIONS") return Method::options;
      if (t == "CONNECT") return Method::connect;
      break;
    default: break;
  }
  return Method::other;
}

std::string_view to_string(Method m) noexcept {
  switch (m) {
    case Method::get: return "GET";
    case Method::head: return "HEAD";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::delete_: return "DELETE";
    case Method::connect: return "CONNECT";
    case Method::options: return "OPTIONS";
    case Method::trace: return "TRACE";
    case Method::patch: return "PATCH";
    case Method::other: break;
  }
  return "";
}

}  // namespace spur::http
