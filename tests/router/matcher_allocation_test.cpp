// Counts heap allocations with a replaced global operator new, to hold the
// matcher to its promise: a fully static route is found without allocating.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "spur/router/matcher.hpp"
#include "support/counting_new.hpp"

using spur::testing_support::allocation_count;

namespace spur::router {
namespace {

Matcher make_matcher(const std::vector<std::string>& files) {
  std::vector<RouteEntry> entries;
  for (const std::string& file : files) {
    auto pattern = std::get<RoutePattern>(route_pattern_from_file(file));
    entries.push_back({std::move(pattern), file, entries.size()});
  }
  RouteTableResult built = build_route_table(std::move(entries));
  EXPECT_TRUE(built.ok());
  return Matcher(std::move(built.table));
}

// Allocations made while `match` runs on `path`, and its status.
std::pair<std::size_t, MatchStatus> allocations_during(const Matcher& matcher,
                                                       std::string_view path) {
  std::size_t before = allocation_count.load();
  MatchResult result = matcher.match(path);
  std::size_t after = allocation_count.load();
  return {after - before, result.status};
}

const std::vector<std::string> app_files = {
    "app/route.cpp",
    "app/api/hello/route.cpp",
    "app/api/v2/posts/route.cpp",
    "app/api/users/[id]/route.cpp",
    "app/api/[...slug]/route.cpp",
    "pages/api/a-long-static-route-name-beyond-any-small-string-buffer.cpp",
};

TEST(router_matcher_allocation, StaticMatchDoesNotAllocate) {
  Matcher matcher = make_matcher(app_files);
  for (std::string_view path : {"/", "/api/hello", "/api/v2/posts",
                                "/api/a-long-static-route-name-beyond-any-small-string-buffer"}) {
    auto [allocations, status] = allocations_during(matcher, path);
    EXPECT_EQ(status, MatchStatus::matched) << path;
    EXPECT_EQ(allocations, 0u) << path;
  }
}

TEST(router_matcher_allocation, NotFoundDoesNotAllocate) {
  Matcher matcher = make_matcher(app_files);
  auto [allocations, status] = allocations_during(matcher, "/nope/at/all");
  EXPECT_EQ(status, MatchStatus::not_found);
  EXPECT_EQ(allocations, 0u);
}

// Proves the counter sees the matcher's allocations, so the tests above can fail.
TEST(router_matcher_allocation, ParamsAreCountedAllocations) {
  Matcher matcher = make_matcher(app_files);
  auto [allocations, status] =
      allocations_during(matcher, "/api/users/a-parameter-longer-than-small-string-storage");
  EXPECT_EQ(status, MatchStatus::matched);
  EXPECT_GT(allocations, 0u);
}

}  // namespace
}  // namespace spur::router
