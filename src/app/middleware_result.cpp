#include <stdexcept>

#include "spur/middleware.hpp"

namespace spur {

MiddlewareResult& MiddlewareResult::header(std::string_view name, std::string_view value) & {
  response_.header(name, value);
  return *this;
}

MiddlewareResult& MiddlewareResult::set_cookie(std::string_view name, std::string_view value,
                                               const CookieOptions& options) & {
  response_.set_cookie(name, value, options);
  return *this;
}

MiddlewareResult& MiddlewareResult::request_header(std::string_view name,
                                                   std::string_view value) & {
  request_headers_.emplace_back(name, value);
  return *this;
}

MiddlewareResult next() { return MiddlewareResult(MiddlewareResult::Kind::next, {}, 0); }

MiddlewareResult rewrite(std::string url) {
  // Next.js proxies to other origins; Spur serves its own paths only.
  if (url.empty() || url.front() != '/' || url.starts_with("//"))
    throw std::invalid_argument("rewrite(\"" + url + "\"): the URL must be a path of this app");
  return MiddlewareResult(MiddlewareResult::Kind::rewrite, std::move(url), 0);
}

MiddlewareResult redirect(std::string url, int status) {
  if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
    throw std::invalid_argument("redirect(): status " + std::to_string(status) +
                                " is not a redirect (301, 302, 303, 307, 308)");
  return MiddlewareResult(MiddlewareResult::Kind::redirect, std::move(url), status);
}

}  // namespace spur
