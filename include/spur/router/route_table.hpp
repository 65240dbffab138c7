#pragma once
// The app's routes, from both conventions, checked against each other and put
// in precedence order. Clashes are settled here, when the app is built, never
// while serving: two files that could answer the same URL are an error.
#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "spur/router/route_pattern.hpp"

namespace spur::router {

// The caller's handle for a route (the modules layer indexes its handlers by
// it); the router hands it back on a match and never interprets it.
using RouteId = std::size_t;

struct RouteEntry {
  RoutePattern pattern;
  std::string file;  // relative to the app root, '/'-separated: "app/api/hello/route.cpp"
  RouteId id = 0;
};

struct RouteTableResult;

class RouteTable final {
 public:
  RouteTable() = default;

  // Every route in the order a request tries them: fully static routes first,
  // by segment; then the rest as Next.js sorts them: segment by segment, a
  // shorter pattern before its extensions, and at each position static
  // segments (by bytes) before [x], before [...x], before [[...x]].
  // `spur routes` prints this order.
  std::span<const RouteEntry> entries() const noexcept { return entries_; }
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }

 private:
  explicit RouteTable(std::vector<RouteEntry> entries) : entries_(std::move(entries)) {}
  friend RouteTableResult build_route_table(std::vector<RouteEntry> entries);

  std::vector<RouteEntry> entries_;
};

struct RouteTableResult {
  RouteTable table;                 // empty unless `errors` is
  std::vector<std::string> errors;  // one line each, naming the files involved

  bool ok() const noexcept { return errors.empty(); }
};

// Orders the entries and checks them, reporting every problem rather than the
// first. Errors, each naming both files:
//  - two patterns with the same shape: "app/api/hello/route.cpp and
//    pages/api/hello.cpp both define /api/hello";
//  - different parameter names at the same position after the same prefix
//    (/api/[id]/a and /api/[slug]/b): ('id' !== 'slug'), as Next.js refuses;
//  - a catch-all and an optional catch-all after the same prefix;
//  - an optional catch-all /x/[[...a]] beside a route for its bare prefix /x,
//    which it also matches.
RouteTableResult build_route_table(std::vector<RouteEntry> entries);

}  // namespace spur::router
