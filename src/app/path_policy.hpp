#pragma once
// The path policy: what a request's path means to the app before routing —
// outside the base path (404), malformed (400), to be redirected (Next.js's
// 308 for a trailing slash or `//`, or the trailing-slash `add` policy), or the
// path routing sees. One function, used both to route and to decide whether a
// body streams, so the two can never disagree.
#include <string>
#include <string_view>

#include "spur/config.hpp"
#include "spur/http/request_head.hpp"

namespace spur::detail {

struct PathPolicy {
  std::string base_path;  // "" or "/docs"
  TrailingSlash trailing_slash = TrailingSlash::remove;
};

struct ResolvedPath {
  enum class Kind { route, redirect, bad_request, not_found };
  Kind kind = Kind::route;
  // route: the path routing sees, empty when it is the path as sent (the
  // common case allocates nothing); redirect: the Location, query included.
  std::string path;
};

// `head`'s path under `policy`.
// Example, base path "/v1": "/v1/api/x/" → redirect "/v1/api/x"; "/v1/api/x"
// → route "/api/x"; "/v2" → not_found.
ResolvedPath resolve_path(const http::RequestHead& head, const PathPolicy& policy);

}  // namespace spur::detail
