#include <stdexcept>

#include "spur/core/access.hpp"
#include "spur/fetch/proxy.hpp"
#include "spur/middleware.hpp"

namespace spur {

namespace detail {
struct MiddlewareResultAccess {
  using Kind = MiddlewareResult::Kind;
  static Kind kind(const MiddlewareResult& r) noexcept { return r.kind_; }
  static const std::string& url(const MiddlewareResult& r) noexcept { return r.url_; }
  static int status(const MiddlewareResult& r) noexcept { return r.status_; }
  static Response& response(MiddlewareResult& r) noexcept { return *r.response_; }
  static const http::Fields& response_headers(const MiddlewareResult& r) noexcept {
    return r.response_headers_;
  }
  static const http::Fields& request_headers(const MiddlewareResult& r) noexcept {
    return r.request_headers_;
  }
};
}  // namespace detail

MiddlewareResult& MiddlewareResult::set_cookie(std::string_view name, std::string_view value,
                                               const CookieOptions& options) & {
  response_headers_.append("Set-Cookie", serialize_set_cookie(name, value, options));
  return *this;
}

MiddlewareResult next() { return MiddlewareResult(MiddlewareResult::Kind::next, {}, 0); }

namespace {
bool external(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}
}  // namespace

MiddlewareResult rewrite(std::string url) {
  if (!external(url) && (url.empty() || url.front() != '/' || url.starts_with("//")))
    throw std::invalid_argument("rewrite(\"" + url +
                                "\"): the URL must be a path of this app or an http(s) URL");
  return MiddlewareResult(MiddlewareResult::Kind::rewrite, std::move(url), 0);
}

MiddlewareResult redirect(std::string url, int status) {
  if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
    throw std::invalid_argument("redirect(): status " + std::to_string(status) +
                                " is not a redirect (301, 302, 303, 307, 308)");
  return MiddlewareResult(MiddlewareResult::Kind::redirect, std::move(url), status);
}

Async<Response> detail::follow(MiddlewareResult result, Request& request, Next next) {
  using Access = MiddlewareResultAccess;
  switch (Access::kind(result)) {
    case Access::Kind::respond: co_return std::move(Access::response(result));
    case Access::Kind::redirect: {
      Response r(Access::status(result));
      r.set_header("Location", Access::url(result));
      for (const http::Header h : Access::response_headers(result))
        r.append_header(h.name, h.value);
      co_return r;
    }
    case Access::Kind::rewrite: {
      const std::string& url = Access::url(result);
      if (external(url)) {  // proxied, as Next.js does
        for (const http::Header h : Access::request_headers(result))
          request.set_header(h.name, h.value);
        Response response = co_await proxy(request, url);
        for (const http::Header h : Access::response_headers(result))
          response.append_header(h.name, h.value);
        co_return response;
      }
      const std::size_t q = url.find('?');
      RequestAccess::rewrite(request, url.substr(0, q),
                             q == std::string::npos ? "" : url.substr(q + 1));
      break;
    }
    case Access::Kind::next: break;
  }
  for (const http::Header h : Access::request_headers(result)) request.set_header(h.name, h.value);
  Response response = co_await next();
  for (const http::Header h : Access::response_headers(result))
    response.append_header(h.name, h.value);
  co_return response;
}

}  // namespace spur
