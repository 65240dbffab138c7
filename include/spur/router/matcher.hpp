#pragma once
// Request path → route + params, compiled once from a checked RouteTable.
// Fully static routes sit in a hash map consulted first, so the common case is
// one lookup and no allocation; the other routes form a segment tree searched
// with backtracking in Next.js's precedence: at each position a static child,
// then [x], then [...x], then [[...x]]. The first route found is the one
// Next.js's sorted route list would pick.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "spur/router/params.hpp"
#include "spur/router/route_table.hpp"

namespace spur::router {

enum class MatchStatus {
  matched,      // `route` and `params` are set
  not_found,    // no route has this path: 404
  bad_request,  // a route matched, but a parameter's percent-encoding is
                // malformed or does not decode to UTF-8: 400
};

struct MatchResult {
  MatchStatus status = MatchStatus::not_found;
  RouteId route = 0;  // the route found (also for bad_request, for logging)
  Params params;

  bool matched() const noexcept { return status == MatchStatus::matched; }
};

class Matcher final {
 public:
  explicit Matcher(RouteTable table);
  ~Matcher();
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;

  // `path` must be normalised by the caller: it starts with '/', has no empty
  // or dot segments and no trailing slash (except "/" itself), and percent-
  // encoded unreserved characters are already decoded. Other escapes stay
  // encoded: static segments compare byte for byte (so `/api/hell%6F` is not
  // `/api/hello`, and `/API/hello` is not either), parameters are then fully
  // decoded (`%2F` stays inside a parameter, `+` stays '+').
  // Example: with /api/users/[id], match("/api/users/a%2Fb") gives
  //   status matched, params.get("id") == "a/b".
  MatchResult match(std::string_view path) const;

  // The routes in precedence order, for `spur routes`.
  const RouteTable& table() const noexcept { return table_; }

 private:
  struct Node;

  // Transparent, so a lookup with the request's string_view does not build a
  // std::string.
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };

  std::size_t find_route(const Node& node, std::string_view rest) const noexcept;
  MatchResult capture_params(std::size_t index, std::string_view path) const;

  RouteTable table_;
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> static_routes_;
  std::unique_ptr<Node> root_;
};

}  // namespace spur::router
