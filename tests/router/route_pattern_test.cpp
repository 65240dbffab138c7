#include "spur/router/route_pattern.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace spur::router {
namespace {

struct RouteCase {
  std::string_view file;
  std::string_view display;
  std::string_view shape;
  Convention convention;
};

// Paths that are routes, and the pattern each one defines.
constexpr RouteCase route_cases[] = {
    // App Router
    {"app/route.cpp", "/", "/", Convention::app},
    {"app/api/route.cpp", "/api", "/api", Convention::app},
    {"app/api/hello/route.cpp", "/api/hello", "/api/hello", Convention::app},
    {"app/api/posts/[id]/route.cpp", "/api/posts/[id]", "/api/posts/[]", Convention::app},
    {"app/api/files/[...path]/route.cpp", "/api/files/[...path]", "/api/files/[...]",
     Convention::app},
    {"app/api/v2/echo/[[...path]]/route.cpp", "/api/v2/echo/[[...path]]", "/api/v2/echo/[[...]]",
     Convention::app},
    {"app/api/(admin)/stats/route.cpp", "/api/stats", "/api/stats", Convention::app},
    {"app/(site)/route.cpp", "/", "/", Convention::app},
    {"app/(a)/api/(b)/x/route.cpp", "/api/x", "/api/x", Convention::app},
    {"app/api/(group)/[id]/route.cpp", "/api/[id]", "/api/[]", Convention::app},
    {"app/api/%5Finternal/route.cpp", "/api/_internal", "/api/_internal", Convention::app},
    {"app/api/%5flower/route.cpp", "/api/_lower", "/api/_lower", Convention::app},
    {"app/api/users/[user-id]/route.cpp", "/api/users/[user-id]", "/api/users/[]", Convention::app},
    {"app/api/[_x]/route.cpp", "/api/[_x]", "/api/[]", Convention::app},
    {"app/api/hello.json/route.cpp", "/api/hello.json", "/api/hello.json", Convention::app},
    {"app/.well-known/route.cpp", "/.well-known", "/.well-known", Convention::app},
    {"app/api/a(b)/route.cpp", "/api/a(b)", "/api/a(b)", Convention::app},
    {"app/api/v1:list/route.cpp", "/api/v1:list", "/api/v1:list", Convention::app},
    {"app/api/[org]/[repo]/[...rest]/route.cpp", "/api/[org]/[repo]/[...rest]", "/api/[]/[]/[...]",
     Convention::app},
    {"app/[[...all]]/route.cpp", "/[[...all]]", "/[[...]]", Convention::app},
    {"app/API/Hello/route.cpp", "/API/Hello", "/API/Hello", Convention::app},
    // Pages Router
    {"pages/api/hello.cpp", "/api/hello", "/api/hello", Convention::pages},
    {"pages/api/index.cpp", "/api", "/api", Convention::pages},
    {"pages/api/users/index.cpp", "/api/users", "/api/users", Convention::pages},
    {"pages/api/users.cpp", "/api/users", "/api/users", Convention::pages},
    {"pages/api/users/[id].cpp", "/api/users/[id]", "/api/users/[]", Convention::pages},
    {"pages/api/[id].cpp", "/api/[id]", "/api/[]", Convention::pages},
    {"pages/api/[id]/index.cpp", "/api/[id]", "/api/[]", Convention::pages},
    {"pages/api/catch/[...slug].cpp", "/api/catch/[...slug]", "/api/catch/[...]",
     Convention::pages},
    {"pages/api/optional/[[...slug]].cpp", "/api/optional/[[...slug]]", "/api/optional/[[...]]",
     Convention::pages},
    {"pages/api/[[...slug]].cpp", "/api/[[...slug]]", "/api/[[...]]", Convention::pages},
    {"pages/api/[[...slug]]/index.cpp", "/api/[[...slug]]", "/api/[[...]]", Convention::pages},
    {"pages/api/index/index.cpp", "/api/index", "/api/index", Convention::pages},
    {"pages/api/index/list.cpp", "/api/index/list", "/api/index/list", Convention::pages},
    {"pages/api/hello.json.cpp", "/api/hello.json", "/api/hello.json", Convention::pages},
    {"pages/api/(group)/x.cpp", "/api/(group)/x", "/api/(group)/x", Convention::pages},
    {"pages/api/[team]/members/[member].cpp", "/api/[team]/members/[member]", "/api/[]/members/[]",
     Convention::pages},
};

TEST(router_pattern, FilesMapToTheirPatterns) {
  for (const RouteCase& c : route_cases) {
    RouteFileResult result = route_pattern_from_file(c.file);
    const auto* pattern = std::get_if<RoutePattern>(&result);
    ASSERT_NE(pattern, nullptr) << c.file;
    EXPECT_EQ(pattern->display(), c.display) << c.file;
    EXPECT_EQ(pattern->shape(), c.shape) << c.file;
    EXPECT_EQ(pattern->convention(), c.convention) << c.file;
  }
}

TEST(router_pattern, CasesAreUnique) {
  std::set<std::string_view> seen;
  for (const RouteCase& c : route_cases) EXPECT_TRUE(seen.insert(c.file).second) << c.file;
}

// Paths that are not routes: not an error, just not routed.
constexpr std::string_view not_route_cases[] = {
    "app/api/hello/page.cpp",
    "app/api/hello/route.hpp",
    "app/api/hello/route.cc",
    "app/api/hello/Route.cpp",
    "app/api/_lib/db.hpp",
    "app/api/_lib/route.cpp",
    "app/_private/api/x/route.cpp",
    "app/api/x/_internal/route.cpp",
    "app/api/_lib/[bad/route.cpp",  // a private folder wins over a bad name below it
    "app/api/[bad/helper.cpp",      // only route.cpp files have their names checked
    "pages/api/users.hpp",
    "pages/api/README.md",
    "pages/api/_helper.cpp",
    "pages/api/_lib/db.cpp",
    "pages/api/users/_shared/x.cpp",
    "pages/api/.#hello.cpp",
    "pages/api/.cpp",
    "pages/index.cpp",
    "pages/api.cpp",
    "pages/users/[id].cpp",
    "lib/db.cpp",
    "middleware.cpp",
    "route.cpp",
    "app.cpp",
    "apple/route.cpp",
    "public/api/route.cpp",
};

TEST(router_pattern, HelpersAndPrivateFilesAreNotRoutes) {
  for (std::string_view file : not_route_cases) {
    RouteFileResult result = route_pattern_from_file(file);
    EXPECT_TRUE(std::holds_alternative<NotARoute>(result)) << file;
  }
}

struct ErrorCase {
  std::string_view file;
  std::string_view message;  // a part of the error's text
};

constexpr ErrorCase error_cases[] = {
    {"app/api/[]/route.cpp", "'[]' has an empty parameter name"},
    {"app/api/[...]/route.cpp", "'[...]' has an empty parameter name"},
    {"pages/api/[[...]].cpp", "'[[...]]' has an empty parameter name"},
    {"app/api/[1st]/route.cpp", "parameter name '1st' in '[1st]' must be ASCII letters"},
    {"app/api/[a b]/route.cpp", "parameter name 'a b'"},
    {"app/api/[a.b]/route.cpp", "parameter name 'a.b'"},
    {"app/api/[-x]/route.cpp", "parameter name '-x'"},
    {"pages/api/[...slug.x].cpp", "parameter name 'slug.x'"},
    {"app/api/[....x]/route.cpp", "parameter name '.x'"},
    {"app/api/[...path]/more/route.cpp", "catch-all [...path] must be the last segment"},
    {"app/api/[[...path]]/more/route.cpp",
     "optional catch-all [[...path]] must be the last segment"},
    {"pages/api/[...a]/[id].cpp", "catch-all [...a] must be the last segment"},
    {"pages/api/[...a]/[...b].cpp", "catch-all [...a] must be the last segment"},
    {"app/api/[id]/x/[id]/route.cpp", "parameter 'id' appears twice"},
    {"pages/api/[id]/[...id].cpp", "parameter 'id' appears twice"},
    {"app/api/[[id]]/route.cpp", "only catch-alls can be optional; write [[...id]]"},
    {"app/api/[id/route.cpp", "'[id' has unbalanced brackets"},
    {"app/api/id]/route.cpp", "'id]' has unbalanced brackets"},
    {"app/api/[[...a]/route.cpp", "'[[...a]' has unbalanced brackets"},
    {"app/api/[a]]/route.cpp", "'[a]]' has unbalanced brackets"},
    {"app/api/a[id]/route.cpp", "'a[id]' mixes literal text and a parameter"},
    {"app/api/[id]a/route.cpp", "'[id]a' mixes literal text and a parameter"},
    {"pages/api/v[version].cpp", "'v[version]' mixes literal text and a parameter"},
    {"app/api/]id[/route.cpp", "']id[' mixes literal text and a parameter"},
    {"app/api/[a][b]/route.cpp", "'[a][b]' must hold exactly one parameter"},
    {"app/api/[[[...a]]]/route.cpp", "'[[[...a]]]' must hold exactly one parameter"},
    {"app/api/[\xE2\x80\xA6slug]/route.cpp", "did you mean '...'?"},
    {"app/api/()/route.cpp", "'()' is an empty route group"},
    {"app/api/(a/route.cpp", "'(a' is not a route group"},
    {"app/api/(a)(b)/route.cpp", "'(a)(b)' is not a route group"},
    {"app/api/(.)photo/route.cpp", "'(.)photo' is an intercepting route"},
    {"app/api/(..)(..)photo/route.cpp", "is an intercepting route"},
    {"app/api/(...)photo/route.cpp", "is an intercepting route"},
    {"app/api/@modal/route.cpp", "'@modal' is a parallel-route slot"},
    {"app/api/hello world/route.cpp", "'hello world' contains ' ', which a URL path cannot carry"},
    {"app/api/a%20b/route.cpp", "'a%20b' contains '%'"},
    {"app/api/%5Fa b/route.cpp", "'%5Fa b' contains ' '"},
    {"app/api/j\xC3\xB6rg/route.cpp", "contains a non-ASCII or control character"},
    {"pages/api/a#b.cpp", "'a#b' contains '#'"},
    {"pages/api/what?.cpp", "'what?' contains '?'"},
    {"app//route.cpp", "not a normalised relative path"},
    {"app/api/../route.cpp", "not a normalised relative path"},
    {"pages/api/./x.cpp", "not a normalised relative path"},
};

TEST(router_pattern, BadNamesAreErrorsNamingTheFile) {
  for (const ErrorCase& c : error_cases) {
    RouteFileResult result = route_pattern_from_file(c.file);
    const auto* error = std::get_if<PatternError>(&result);
    ASSERT_NE(error, nullptr) << c.file;
    EXPECT_TRUE(error->message.starts_with(std::string(c.file) + ": ")) << error->message;
    EXPECT_NE(error->message.find(c.message), std::string::npos)
        << c.file << "\n  got: " << error->message << "\n  want: " << c.message;
  }
}

TEST(router_pattern, ParamsInUrlOrder) {
  auto result = route_pattern_from_file("app/api/[org]/repos/[repo]/[[...path]]/route.cpp");
  const auto& pattern = std::get<RoutePattern>(result);
  std::vector<ParamSpec> want = {{"org", SegmentKind::dynamic},
                                 {"repo", SegmentKind::dynamic},
                                 {"path", SegmentKind::optional_catch_all}};
  EXPECT_EQ(pattern.params(), want);
  EXPECT_FALSE(pattern.is_static());
  ASSERT_EQ(pattern.segments().size(), 5u);
  EXPECT_EQ(pattern.segments()[2], (Segment{SegmentKind::static_text, "repos"}));
}

TEST(router_pattern, StaticPatternsHaveNoParams) {
  auto pattern = std::get<RoutePattern>(route_pattern_from_file("pages/api/hello.cpp"));
  EXPECT_TRUE(pattern.is_static());
  EXPECT_TRUE(pattern.params().empty());
}

TEST(router_pattern, GroupsAndIndexGiveEqualPatterns) {
  EXPECT_EQ(std::get<RoutePattern>(route_pattern_from_file("app/(a)/api/x/route.cpp")),
            std::get<RoutePattern>(route_pattern_from_file("app/api/(b)/x/route.cpp")));
  EXPECT_EQ(std::get<RoutePattern>(route_pattern_from_file("pages/api/x/index.cpp")),
            std::get<RoutePattern>(route_pattern_from_file("pages/api/x.cpp")));
}

TEST(router_pattern, DefaultIsTheRoot) {
  RoutePattern root;
  EXPECT_EQ(root.display(), "/");
  EXPECT_EQ(root.shape(), "/");
  EXPECT_TRUE(root.is_static());
  EXPECT_EQ(root, std::get<RoutePattern>(route_pattern_from_file("app/route.cpp")));
}

TEST(router_pattern, SegmentForms) {
  Segment id{SegmentKind::dynamic, "id"};
  Segment rest{SegmentKind::catch_all, "rest"};
  Segment all{SegmentKind::optional_catch_all, "all"};
  EXPECT_EQ(segment_display(id), "[id]");
  EXPECT_EQ(segment_display(rest), "[...rest]");
  EXPECT_EQ(segment_display(all), "[[...all]]");
  EXPECT_EQ(segment_shape(id), "[]");
  EXPECT_EQ(segment_shape(rest), "[...]");
  EXPECT_EQ(segment_shape(all), "[[...]]");
}

}  // namespace
}  // namespace spur::router
