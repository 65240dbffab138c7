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
//     return next().set_request_header("x-user", "admin").set_header("x-mw", "1");
//   }
//   const MiddlewareConfig config{.matcher = {"/api/:path*"}};
//
// `middleware` may also take no argument, or return Async<MiddlewareResult>;
// or it may be a plain middleware, like the built-ins, that runs the rest
// itself:
//   Async<Response> middleware(Request& req, Next next) {
//     Response res = co_await next();
//     res.set_header("x-served-by", "spur");
//     co_return res;
//   }
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spur/core/async.hpp"
#include "spur/core/cookies.hpp"
#include "spur/core/http_error.hpp"
#include "spur/core/json.hpp"
#include "spur/core/next.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/http/fields.hpp"

namespace spur {

namespace detail {
struct MiddlewareResultAccess;
}

// What a Next.js-style middleware decides: go on (next), serve another path
// (rewrite), send the client elsewhere (redirect), or answer (a Response).
class MiddlewareResult final {
 public:
  // Answers with this response; routes do not run.
  MiddlewareResult(Response response)  // NOLINT(google-explicit-constructor): `return Response…;`
      : kind_(Kind::respond), response_(std::move(response)) {}

  // A header the final response carries (after next() or rewrite()),
  // replacing any of that name, or added beside them.
  MiddlewareResult& set_header(std::string_view name, std::string_view value) & {
    response_headers_.set(name, value);
    return *this;
  }
  MiddlewareResult&& set_header(std::string_view name, std::string_view value) && {
    return std::move(set_header(name, value));
  }
  MiddlewareResult& append_header(std::string_view name, std::string_view value) & {
    response_headers_.append(name, value);
    return *this;
  }
  MiddlewareResult&& append_header(std::string_view name, std::string_view value) && {
    return std::move(append_header(name, value));
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
  MiddlewareResult& set_request_header(std::string_view name, std::string_view value) & {
    request_headers_.set(name, value);
    return *this;
  }
  MiddlewareResult&& set_request_header(std::string_view name, std::string_view value) && {
    return std::move(set_request_header(name, value));
  }

 private:
  friend struct detail::MiddlewareResultAccess;
  friend MiddlewareResult next();
  friend MiddlewareResult rewrite(std::string url);
  friend MiddlewareResult redirect(std::string url, int status);
  enum class Kind : std::uint8_t { next, rewrite, redirect, respond };
  MiddlewareResult(Kind kind, std::string url, int status)
      : kind_(kind), url_(std::move(url)), status_(status) {}

  Kind kind_;
  std::string url_;                   // rewrite and redirect
  int status_ = 0;                    // redirect
  std::optional<Response> response_;  // respond
  http::Fields response_headers_;     // added to the final response
  http::Fields request_headers_;      // set on the request
};

// Go on to the route (or public file) for the request.
MiddlewareResult next();
// Serve another path of this app instead, e.g. "/api/v2/hello?from=mw"; the
// client's URL does not change. An http(s) URL is proxied to, as Next.js
// does (spur::proxy: both bodies stream, X-Forwarded-* added; the request
// body streams when the path's route declares stream_body).
MiddlewareResult rewrite(std::string url);
// Send the client elsewhere: 307 by default (308, 301, 302, 303 allowed).
MiddlewareResult redirect(std::string url, int status = 307);

// A `has` / `missing` condition of a matcher, as Next.js's RouteHas: the
// request must (or must not) carry `key` in the given place, and when `value`
// is set, its value must match that regular expression (whole).
//   Matcher("/api/:path*", {{RouteHas::header, "x-api-key"}})
struct RouteHas {
  enum Type : std::uint8_t { header, query, cookie, host };
  Type type;
  std::string key;  // for host: unused
  std::optional<std::string> value = std::nullopt;
};

// One matcher: a path pattern in Next.js's syntax — "/about", "/api/:path*",
// "/blog/:slug+", "/shop/:id?", "/((?!_next|static).*)" — plus conditions.
struct Matcher {
  Matcher(const char* pattern) : source(pattern) {}  // NOLINT(google-explicit-constructor)
  Matcher(std::string pattern, std::vector<RouteHas> when_present = {},
          std::vector<RouteHas> when_absent = {})  // NOLINT(google-explicit-constructor)
      : source(std::move(pattern)), has(std::move(when_present)), missing(std::move(when_absent)) {}
  std::string source;
  std::vector<RouteHas> has;      // all must hold
  std::vector<RouteHas> missing;  // none may hold
};

struct MiddlewareConfig {
  std::vector<Matcher> matcher;  // empty: every path
};

namespace detail {
// Carries out a MiddlewareResult in the chain: the answer, a redirect, or the
// rest of the chain (after a rewrite) with its headers added.
Async<Response> follow(MiddlewareResult result, Request& request, Next next);
}  // namespace detail

}  // namespace spur
