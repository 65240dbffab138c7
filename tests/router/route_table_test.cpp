#include "spur/router/route_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace spur::router {
namespace {

// Entries for route files, with ids counting from 0 in the order given.
std::vector<RouteEntry> entries_for(std::initializer_list<std::string_view> files) {
  std::vector<RouteEntry> entries;
  for (std::string_view file : files) {
    RouteFileResult result = route_pattern_from_file(file);
    EXPECT_TRUE(std::holds_alternative<RoutePattern>(result)) << file;
    if (auto* pattern = std::get_if<RoutePattern>(&result)) {
      entries.push_back({std::move(*pattern), std::string(file), entries.size()});
    }
  }
  return entries;
}

std::vector<std::string> files_in_order(const RouteTable& table) {
  std::vector<std::string> files;
  for (const RouteEntry& entry : table.entries()) files.push_back(entry.file);
  return files;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

TEST(router_table, EntriesAreInPrecedenceOrder) {
  auto result = build_route_table(entries_for({
      "app/api/[...slug]/route.cpp",
      "app/api/users/[id]/posts/route.cpp",
      "app/api/users/[id]/route.cpp",
      "app/api/users/me/route.cpp",
      "app/api/users/route.cpp",
      "pages/api/a-b.cpp",
      "pages/api/a/b.cpp",
      "app/api/[id]/[[...rest]]/route.cpp",
      "app/api/[id]/edit/route.cpp",
      "app/route.cpp",
      "app/api/users/[id]/[...path]/route.cpp",
  }));
  ASSERT_TRUE(result.ok()) << joined(result.errors);
  std::vector<std::string> want = {
      // Fully static routes first, segment by segment.
      "app/route.cpp",
      "pages/api/a/b.cpp",
      "pages/api/a-b.cpp",
      "app/api/users/route.cpp",
      "app/api/users/me/route.cpp",
      // Then the tree order: static before [x] before [...x] before [[...x]],
      // a pattern before its extensions.
      "app/api/users/[id]/route.cpp",
      "app/api/users/[id]/posts/route.cpp",
      "app/api/users/[id]/[...path]/route.cpp",
      "app/api/[id]/edit/route.cpp",
      "app/api/[id]/[[...rest]]/route.cpp",
      "app/api/[...slug]/route.cpp",
  };
  EXPECT_EQ(files_in_order(result.table), want);
}

TEST(router_table, KeepsIdsAndPatterns) {
  auto result =
      build_route_table(entries_for({"pages/api/users/[id].cpp", "app/api/hello/route.cpp"}));
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.table.size(), 2u);
  EXPECT_EQ(result.table.entries()[0].file, "app/api/hello/route.cpp");
  EXPECT_EQ(result.table.entries()[0].id, 1u);
  EXPECT_EQ(result.table.entries()[1].pattern.display(), "/api/users/[id]");
  EXPECT_EQ(result.table.entries()[1].id, 0u);
}

TEST(router_table, EmptyAppIsAnEmptyTable) {
  auto result = build_route_table({});
  EXPECT_TRUE(result.ok());
  EXPECT_TRUE(result.table.empty());
}

struct ClashCase {
  std::string_view name;
  std::vector<std::string_view> files;
  std::string_view error;  // the exact message
};

const ClashCase clash_cases[] = {
    {"app_and_pages_same_path",
     {"pages/api/hello.cpp", "app/api/hello/route.cpp"},
     "app/api/hello/route.cpp and pages/api/hello.cpp both define /api/hello"},
    {"two_route_groups",
     {"app/(a)/api/x/route.cpp", "app/(b)/api/x/route.cpp"},
     "app/(a)/api/x/route.cpp and app/(b)/api/x/route.cpp both define /api/x"},
    {"pages_file_and_index",
     {"pages/api/users.cpp", "pages/api/users/index.cpp"},
     "pages/api/users.cpp and pages/api/users/index.cpp both define /api/users"},
    {"app_and_pages_root",
     {"app/api/route.cpp", "pages/api/index.cpp"},
     "app/api/route.cpp and pages/api/index.cpp both define /api"},
    {"same_shape_other_names",
     {"app/api/[id]/route.cpp", "pages/api/[slug].cpp"},
     "app/api/[id]/route.cpp and pages/api/[slug].cpp both define the URL pattern /api/[] "
     "(/api/[id] and /api/[slug])"},
    {"same_catch_all_other_names",
     {"app/api/files/[...path]/route.cpp", "pages/api/files/[...rest].cpp"},
     "app/api/files/[...path]/route.cpp and pages/api/files/[...rest].cpp both define the URL "
     "pattern /api/files/[...] (/api/files/[...path] and /api/files/[...rest])"},
    {"different_slug_names",
     {"app/api/[id]/a/route.cpp", "app/api/[slug]/b/route.cpp"},
     "app/api/[id]/a/route.cpp and app/api/[slug]/b/route.cpp use different parameter names for "
     "the same dynamic segment: /api/[id] and /api/[slug] ('id' !== 'slug')"},
    {"different_slug_names_across_routers",
     {"pages/api/users/[uid].cpp", "app/api/users/[id]/posts/route.cpp"},
     "pages/api/users/[uid].cpp and app/api/users/[id]/posts/route.cpp use different parameter "
     "names for the same dynamic segment: /api/users/[uid] and /api/users/[id] "
     "('uid' !== 'id')"},
    {"optional_catch_all_and_static_prefix",
     {"app/api/x/[[...a]]/route.cpp", "pages/api/x.cpp"},
     "pages/api/x.cpp and app/api/x/[[...a]]/route.cpp both match /api/x: the optional catch-all "
     "/api/x/[[...a]] also matches its bare prefix"},
    {"optional_catch_all_and_index_at_pages_root",
     {"pages/api/[[...slug]].cpp", "pages/api/index.cpp"},
     "pages/api/index.cpp and pages/api/[[...slug]].cpp both match /api: the optional catch-all "
     "/api/[[...slug]] also matches its bare prefix"},
    {"optional_catch_all_and_dynamic_prefix",
     {"app/api/[id]/[[...rest]]/route.cpp", "app/api/[id]/route.cpp"},
     "app/api/[id]/route.cpp and app/api/[id]/[[...rest]]/route.cpp both match /api/[id]: the "
     "optional catch-all /api/[id]/[[...rest]] also matches its bare prefix"},
    {"optional_catch_all_at_root",
     {"app/[[...all]]/route.cpp", "app/route.cpp"},
     "app/route.cpp and app/[[...all]]/route.cpp both match /: the optional catch-all "
     "/[[...all]] also matches its bare prefix"},
    {"catch_all_and_optional_catch_all",
     {"app/api/x/[...a]/route.cpp", "pages/api/x/[[...a]].cpp"},
     "app/api/x/[...a]/route.cpp and pages/api/x/[[...a]].cpp put a catch-all and an optional "
     "catch-all after the same prefix: /api/x/[...a] and /api/x/[[...a]]"},
};

TEST(router_table, ClashesAreErrorsNamingBothFiles) {
  for (const ClashCase& c : clash_cases) {
    std::vector<RouteEntry> entries;
    for (std::string_view file : c.files) {
      auto pattern = std::get<RoutePattern>(route_pattern_from_file(file));
      entries.push_back({std::move(pattern), std::string(file), entries.size()});
    }
    auto result = build_route_table(std::move(entries));
    EXPECT_EQ(result.errors, std::vector<std::string>{std::string(c.error)}) << c.name;
    EXPECT_TRUE(result.table.empty()) << c.name;
  }
}

TEST(router_table, EveryErrorIsCollected) {
  auto result = build_route_table(entries_for({
      "app/api/hello/route.cpp",
      "pages/api/hello.cpp",
      "app/api/[id]/a/route.cpp",
      "app/api/[slug]/b/route.cpp",
      "app/api/[key]/c/route.cpp",
      "app/api/opt/route.cpp",
      "app/api/opt/[[...rest]]/route.cpp",
      "app/api/fine/route.cpp",
  }));
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.table.empty());
  std::vector<std::string> want = {
      "app/api/hello/route.cpp and pages/api/hello.cpp both define /api/hello",
      "app/api/[id]/a/route.cpp and app/api/[slug]/b/route.cpp use different parameter names "
      "for the same dynamic segment: /api/[id] and /api/[slug] ('id' !== 'slug')",
      "app/api/[id]/a/route.cpp and app/api/[key]/c/route.cpp use different parameter names "
      "for the same dynamic segment: /api/[id] and /api/[key] ('id' !== 'key')",
      "app/api/opt/route.cpp and app/api/opt/[[...rest]]/route.cpp both match /api/opt: the "
      "optional catch-all /api/opt/[[...rest]] also matches its bare prefix",
  };
  EXPECT_EQ(result.errors, want);
}

TEST(router_table, ThreeFilesWithOnePatternGiveTwoErrors) {
  auto result = build_route_table(
      entries_for({"app/api/x/route.cpp", "app/(g)/api/x/route.cpp", "pages/api/x.cpp"}));
  std::vector<std::string> want = {
      "app/(g)/api/x/route.cpp and app/api/x/route.cpp both define /api/x",
      "app/(g)/api/x/route.cpp and pages/api/x.cpp both define /api/x",
  };
  EXPECT_EQ(result.errors, want);
}

TEST(router_table, OneNameClashIsReportedOnce) {
  // Many routes below /api/[slug] disagree with /api/[id] the same way.
  auto result = build_route_table(entries_for({
      "app/api/[id]/route.cpp",
      "app/api/[slug]/a/route.cpp",
      "app/api/[slug]/b/route.cpp",
      "app/api/[slug]/c/route.cpp",
  }));
  EXPECT_EQ(result.errors.size(), 1u) << joined(result.errors);
}

// Combinations that Next.js accepts, and so does Spur.
TEST(router_table, LegalNeighboursAreNotClashes) {
  auto result = build_route_table(entries_for({
      "app/api/users/me/route.cpp", "app/api/users/[id]/route.cpp",
      "app/api/users/[id]/posts/route.cpp",
      "app/api/[...slug]/route.cpp",  // a catch-all beside a dynamic segment
      "pages/api/[id].cpp",           // a different kind at the same position
      "pages/api/catch/[...slug].cpp", "pages/api/optional/[[...slug]].cpp",
      "app/api/v2/echo/[[...path]]/route.cpp",
      "app/api/v2/route.cpp",  // the optional catch-all is one level deeper
      "app/api/[id]/x/[...rest]/route.cpp",
      "app/api/[id]/y/[[...rest]]/route.cpp",  // same name at different prefixes
  }));
  EXPECT_TRUE(result.ok()) << joined(result.errors);
  EXPECT_EQ(result.table.size(), 11u);
}

}  // namespace
}  // namespace spur::router
