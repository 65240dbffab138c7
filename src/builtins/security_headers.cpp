#include "security_headers.hpp"

#include "spur/builtins/builtins.hpp"

namespace spur::detail {
namespace {

void set_default(Response& response, std::string_view name, std::string_view value) {
  if (!value.empty() && !response.has_header(name)) response.append_header(name, value);
}

}  // namespace

void add_security_headers(const SecurityHeaders& h, Response& response) {
  set_default(response, "Content-Security-Policy", h.content_security_policy);
  set_default(response, "Strict-Transport-Security", h.strict_transport_security);
  set_default(response, "Referrer-Policy", h.referrer_policy);
  set_default(response, "X-Frame-Options", h.frame_options);
  if (h.nosniff) set_default(response, "X-Content-Type-Options", "nosniff");
  set_default(response, "Cross-Origin-Opener-Policy", h.cross_origin_opener_policy);
  set_default(response, "Cross-Origin-Resource-Policy", h.cross_origin_resource_policy);
}

}  // namespace spur::detail

namespace spur::builtins {

Middleware security_headers(SecurityHeaders options) {
  return [options = std::move(options)](Request&, Next next) -> Async<Response> {
    Response response = co_await next();
    detail::add_security_headers(options, response);
    co_return response;
  };
}

}  // namespace spur::builtins
