#pragma once
// What `middleware.cpp` at the app root uses (Next.js's middleware.ts). It runs
// before the routes of both routers and before public/ files, for the paths
// its `config` matches (every path when it has none):
//   #include <spur/middleware.hpp>
//   using namespace spur;
//
//   MiddlewareResult middleware(Request& req) {
//     if (req.header("x-api-key") != "secret")
//       return Response::json({{"error", "Unauthorized"}}, 401);
//     return next().request_header("x-user", "admin").header("x-mw", "1");
//   }
//   const MiddlewareConfig config{.matcher = {"/api/:path*"}};
//
// `middleware` may also take no argument, or return Task<MiddlewareResult>.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spur/route.hpp"

namespace spur {

class MiddlewareResult {
 public:
  enum class Kind : std::uint8_t { next, rewrite, redirect, respond };

  // Answers with this response; routes do not run.
  MiddlewareResult(Response response)  // NOLINT(google-explicit-constructor): `return Response…;`
      : kind_(Kind::respond), response_(std::move(response)) {}

  // A header the final response carries (after next() or rewrite()).
  MiddlewareResult& header(std::string_view name, std::string_view value) &;
  MiddlewareResult&& header(std::string_view name, std::string_view value) && {
    return std::move(header(name, value));
  }
  // A cookie set on the final response.
  MiddlewareResult& set_cookie(std::string_view name, std::string_view value,
                               const CookieOptions& options = {}) &;
  MiddlewareResult&& set_cookie(std::string_view name, std::string_view value,
                                const CookieOptions& options = {}) && {
    return std::move(set_cookie(name, value, options));
  }
  // A request header the handler sees (replacing one of that name), like
  // NextResponse.next({ request: { headers } }).
  MiddlewareResult& request_header(std::string_view name, std::string_view value) &;
  MiddlewareResult&& request_header(std::string_view name, std::string_view value) && {
    return std::move(request_header(name, value));
  }

  Kind kind() const noexcept { return kind_; }
  const std::string& url() const noexcept { return url_; }
  int status() const noexcept { return status_; }
  Response& response() noexcept { return response_; }
  const std::vector<std::pair<std::string, std::string>>& request_headers() const noexcept {
    return request_headers_;
  }

 private:
  friend MiddlewareResult next();
  friend MiddlewareResult rewrite(std::string url);
  friend MiddlewareResult redirect(std::string url, int status);
  MiddlewareResult(Kind kind, std::string url, int status)
      : kind_(kind), url_(std::move(url)), status_(status), response_(200) {}

  Kind kind_;
  std::string url_;
  int status_ = 0;
  Response response_;  // respond: the answer; otherwise: headers to add
  std::vector<std::pair<std::string, std::string>> request_headers_;
};

// Go on to the route (or public file) for the request.
MiddlewareResult next();
// Serve another path of this app instead, e.g. "/api/v2/hello?from=mw"; the
// client's URL does not change. Only same-origin paths (starting with '/').
MiddlewareResult rewrite(std::string url);
// Send the client elsewhere: 307 by default (308, 301, 302, 303 allowed).
MiddlewareResult redirect(std::string url, int status = 307);

// A `has` / `missing` condition of a matcher, as in Next.js: the request must
// (or must not) carry `key` in the given place, and when `value` is set, its
// value must match that regular expression (whole).
enum class Field : std::uint8_t { header, query, cookie, host };
struct Condition {
  Field field;
  std::string key;  // for host: unused
  std::optional<std::string> value = std::nullopt;
};

// One matcher: a path pattern in Next.js's syntax — "/about", "/api/:path*",
// "/blog/:slug+", "/shop/:id?", "/((?!_next|static).*)" — plus conditions.
struct Matcher {
  Matcher(const char* pattern) : source(pattern) {}  // NOLINT(google-explicit-constructor)
  Matcher(std::string pattern, std::vector<Condition> when_present = {},
          std::vector<Condition> when_absent = {})  // NOLINT(google-explicit-constructor)
      : source(std::move(pattern)), has(std::move(when_present)), missing(std::move(when_absent)) {}
  std::string source;
  std::vector<Condition> has;      // all must hold
  std::vector<Condition> missing;  // none may hold
};

struct MiddlewareConfig {
  std::vector<Matcher> matcher;  // empty: every path
};

}  // namespace spur
