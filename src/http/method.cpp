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

bool is_registered_method(std::string_view token) noexcept {
  // The IANA HTTP Method Registry (RFC 9110 §16.1 and the methods of WebDAV,
  // versioning, redirect references, calendaring and QUERY), and what Node's
  // http.METHODS adds (M-SEARCH, NOTIFY, PURGE, SOURCE, SUBSCRIBE, UNSUBSCRIBE).
  static constexpr std::string_view registered[] = {
      "ACL",
      "BASELINE-CONTROL",
      "BIND",
      "CHECKIN",
      "CHECKOUT",
      "CONNECT",
      "COPY",
      "DELETE",
      "GET",
      "HEAD",
      "LABEL",
      "LINK",
      "LOCK",
      "M-SEARCH",
      "MERGE",
      "MKACTIVITY",
      "MKCALENDAR",
      "MKCOL",
      "MKREDIRECTREF",
      "MKWORKSPACE",
      "MOVE",
      "NOTIFY",
      "OPTIONS",
      "ORDERPATCH",
      "PATCH",
      "POST",
      "PRI",
      "PROPFIND",
      "PROPPATCH",
      "PURGE",
      "PUT",
      "QUERY",
      "REBIND",
      "REPORT",
      "SEARCH",
      "SOURCE",
      "SUBSCRIBE",
      "TRACE",
      "UNBIND",
      "UNCHECKOUT",
      "UNLINK",
      "UNLOCK",
      "UNSUBSCRIBE",
      "UPDATE",
      "UPDATEREDIRECTREF",
      "VERSION-CONTROL",
  };
  for (std::string_view m : registered)
    if (m == token) return true;
  return false;
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
