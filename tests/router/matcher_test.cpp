#include "spur/router/matcher.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spur::router {
namespace {

// A matcher for route files; a route's id is its index in `files`.
Matcher make_matcher(const std::vector<std::string_view>& files) {
  std::vector<RouteEntry> entries;
  for (std::string_view file : files) {
    auto pattern = std::get<RoutePattern>(route_pattern_from_file(file));
    entries.push_back({std::move(pattern), std::string(file), entries.size()});
  }
  RouteTableResult built = build_route_table(std::move(entries));
  EXPECT_TRUE(built.ok());
  return Matcher(std::move(built.table));
}

class App {
 public:
  explicit App(std::vector<std::string_view> files)
      : files_(std::move(files)), matcher_(make_matcher(files_)) {}

  // The file that answers `path`, or "404" / "400".
  std::string route_for(std::string_view path) const {
    MatchResult result = matcher_.match(path);
    switch (result.status) {
      case MatchStatus::matched: return std::string(files_.at(result.route));
      case MatchStatus::not_found: return "404";
      case MatchStatus::bad_request: return "400";
    }
    return "?";
  }

  MatchResult match(std::string_view path) const { return matcher_.match(path); }
  const Matcher& matcher() const { return matcher_; }

 private:
  std::vector<std::string_view> files_;
  Matcher matcher_;
};

struct RouteCase {
  std::string_view path;
  std::string_view route;  // the file, or "404" / "400"
};

void expect_routes(const App& app, std::initializer_list<RouteCase> cases) {
  for (const RouteCase& c : cases) EXPECT_EQ(app.route_for(c.path), c.route) << c.path;
}

std::optional<std::string> string_param(const MatchResult& result, std::string_view name) {
  const std::optional<std::string_view> value = result.params.get(name);
  return value ? std::optional<std::string>(*value) : std::nullopt;
}

std::optional<Params::List> list_param(const MatchResult& result, std::string_view name) {
  const std::optional<std::span<const std::string>> value = result.params.list(name);
  return value ? std::optional<Params::List>(Params::List(value->begin(), value->end()))
               : std::nullopt;
}

TEST(router_matcher, StaticBeatsDynamicBeatsCatchAllWithBacktracking) {
  App app({
      "app/api/users/[id]/route.cpp",
      "app/api/users/me/route.cpp",
      "app/api/[...slug]/route.cpp",
      "app/api/users/[id]/posts/route.cpp",
  });
  expect_routes(app, {
                         {"/api/users/me", "app/api/users/me/route.cpp"},
                         {"/api/users/42", "app/api/users/[id]/route.cpp"},
                         {"/api/users/42/posts", "app/api/users/[id]/posts/route.cpp"},
                         // `me` is a static child with nothing below it: the search
                         // backs out and [id] takes "me".
                         {"/api/users/me/posts", "app/api/users/[id]/posts/route.cpp"},
                         {"/api/users/42/comments", "app/api/[...slug]/route.cpp"},
                         {"/api/users", "app/api/[...slug]/route.cpp"},
                         {"/api/anything/at/all", "app/api/[...slug]/route.cpp"},
                         {"/api", "404"},  // [...slug] needs at least one segment
                         {"/", "404"},
                     });
  auto me_posts = app.match("/api/users/me/posts");
  EXPECT_EQ(string_param(me_posts, "id"), "me");
  auto deep = app.match("/api/users/42/comments");
  EXPECT_EQ(list_param(deep, "slug"), (Params::List{"users", "42", "comments"}));
}

TEST(router_matcher, BacktracksThroughSeveralLevels) {
  App app({
      "app/api/a/b/c/route.cpp",
      "app/api/a/[x]/d/route.cpp",
      "app/api/[y]/b/e/route.cpp",
      "app/api/[y]/[z]/f/route.cpp",
  });
  expect_routes(app, {
                         {"/api/a/b/c", "app/api/a/b/c/route.cpp"},
                         {"/api/a/b/d", "app/api/a/[x]/d/route.cpp"},
                         {"/api/a/b/e", "app/api/[y]/b/e/route.cpp"},
                         {"/api/a/b/f", "app/api/[y]/[z]/f/route.cpp"},
                         {"/api/a/b/g", "404"},
                         {"/api/a/b", "404"},
                     });
  auto f = app.match("/api/a/b/f");
  EXPECT_EQ(string_param(f, "y"), "a");
  EXPECT_EQ(string_param(f, "z"), "b");
}

TEST(router_matcher, DynamicBeatsOptionalCatchAll) {
  App app({"app/api/o/[id]/route.cpp", "app/api/o/[[...rest]]/route.cpp"});
  expect_routes(app, {
                         {"/api/o/1", "app/api/o/[id]/route.cpp"},
                         {"/api/o", "app/api/o/[[...rest]]/route.cpp"},
                         {"/api/o/1/2", "app/api/o/[[...rest]]/route.cpp"},
                     });
  EXPECT_FALSE(app.match("/api/o").params.contains("rest"));
  EXPECT_EQ(list_param(app.match("/api/o/1/2"), "rest"), (Params::List{"1", "2"}));
}

TEST(router_matcher, OptionalCatchAllMatchesTheBarePrefix) {
  App app({"app/api/v2/echo/[[...path]]/route.cpp"});
  auto bare = app.match("/api/v2/echo");
  EXPECT_TRUE(bare.matched());
  EXPECT_TRUE(bare.params.empty());  // absent, not an empty list
  auto one = app.match("/api/v2/echo/a");
  EXPECT_EQ(list_param(one, "path"), (Params::List{"a"}));
  EXPECT_EQ(app.route_for("/api/v2"), "404");
  EXPECT_EQ(app.route_for("/api/v2/echoes"), "404");
}

TEST(router_matcher, RootRoutes) {
  App with_root({"app/route.cpp", "app/[id]/route.cpp"});
  expect_routes(with_root, {
                               {"/", "app/route.cpp"},
                               {"/x", "app/[id]/route.cpp"},
                               {"/x/y", "404"},
                           });
  App catch_everything({"app/[[...all]]/route.cpp", "app/api/hello/route.cpp"});
  expect_routes(catch_everything, {
                                      {"/", "app/[[...all]]/route.cpp"},
                                      {"/api/hello", "app/api/hello/route.cpp"},
                                      {"/api", "app/[[...all]]/route.cpp"},
                                      {"/api/hello/x", "app/[[...all]]/route.cpp"},
                                  });
  EXPECT_TRUE(catch_everything.match("/").params.empty());
  EXPECT_EQ(list_param(catch_everything.match("/api/hello/x"), "all"),
            (Params::List{"api", "hello", "x"}));
  App empty(std::vector<std::string_view>{});
  EXPECT_EQ(empty.route_for("/"), "404");
  EXPECT_EQ(empty.route_for("/api"), "404");
}

TEST(router_matcher, StaticSegmentsCompareBytes) {
  App app({"pages/api/hello.cpp", "pages/api/[id].cpp", "app/api/v2/hello/route.cpp"});
  expect_routes(app, {
                         {"/api/hello", "pages/api/hello.cpp"},
                         // Case-sensitive, as Next.js.
                         {"/API/hello", "404"},
                         {"/api/HELLO", "pages/api/[id].cpp"},
                         // An encoded static segment is not the static route ...
                         {"/api/hell%6F", "pages/api/[id].cpp"},
                         {"/api/v2/hell%6F", "404"},
                         {"/api/v2/hello", "app/api/v2/hello/route.cpp"},
                     });
  // ... but a dynamic segment decodes it.
  EXPECT_EQ(string_param(app.match("/api/hell%6F"), "id"), "hello");
  EXPECT_EQ(string_param(app.match("/api/HELLO"), "id"), "HELLO");
}

TEST(router_matcher, ParamsAreFullyDecoded) {
  App app({"pages/api/users/[id].cpp", "pages/api/catch/[...slug].cpp"});
  EXPECT_EQ(string_param(app.match("/api/users/a%2Fb"), "id"), "a/b");
  EXPECT_EQ(string_param(app.match("/api/users/a+b"), "id"), "a+b");
  EXPECT_EQ(string_param(app.match("/api/users/%25"), "id"), "%");
  EXPECT_EQ(string_param(app.match("/api/users/J%C3%B6rg"), "id"), "J\xC3\xB6rg");
  EXPECT_EQ(list_param(app.match("/api/catch/a%2Fb/c%20d/J%C3%B6rg"), "slug"),
            (Params::List{"a/b", "c d", "J\xC3\xB6rg"}));
  // A decoded '/' never splits a parameter or moves to another route.
  EXPECT_EQ(app.route_for("/api/users/a%2Fb"), "pages/api/users/[id].cpp");
}

TEST(router_matcher, ParamsOfSeveralKinds) {
  App app({"app/api/[org]/repos/[repo]/[...path]/route.cpp"});
  auto result = app.match("/api/acme/repos/spur/src/router/x.cpp");
  ASSERT_TRUE(result.matched());
  ASSERT_EQ(result.params.size(), 3u);
  EXPECT_EQ(result.params.entries()[0].name, "org");
  EXPECT_EQ(string_param(result, "org"), "acme");
  EXPECT_EQ(string_param(result, "repo"), "spur");
  EXPECT_EQ(list_param(result, "path"), (Params::List{"src", "router", "x.cpp"}));
}

TEST(router_matcher, BadEncodingInAMatchedParamIsABadRequest) {
  App app({"pages/api/users/[id].cpp", "pages/api/catch/[...slug].cpp",
           "app/api/v2/posts/[id]/route.cpp", "pages/api/[id].cpp"});
  expect_routes(app, {
                         {"/api/users/%", "400"},
                         {"/api/users/%E0%A4%A", "400"},
                         {"/api/users/%zz", "400"},
                         {"/api/users/%FF", "400"},
                         {"/api/users/%C0%AF", "400"},
                         {"/api/catch/%", "400"},
                         {"/api/catch/ok/%", "400"},
                         {"/api/v2/posts/%", "400"},
                         {"/api/hello%", "400"},
                         // The route is chosen first: with no route for the path,
                         // the bad escape does not matter.
                         {"/api/users/%/x", "404"},
                     });
  auto bad = app.match("/api/users/%");
  EXPECT_EQ(bad.status, MatchStatus::bad_request);
  EXPECT_EQ(bad.route, 0u);  // the route that matched, for logs
  EXPECT_TRUE(bad.params.empty());
}

// The recorded Next.js app (tests/conformance/data), and what Next.js
// 16 answered for these paths.
TEST(router_matcher, NextJsConformanceApp) {
  App app({
      "pages/api/users.cpp",
      "pages/api/users/[id].cpp",
      "pages/api/optional/[[...slug]].cpp",
      "pages/api/echo.cpp",
      "pages/api/catch/[...slug].cpp",
      "pages/api/boom.cpp",
      "pages/api/send.cpp",
      "pages/api/methods.cpp",
      "pages/api/[id].cpp",
      "pages/api/secret.cpp",
      "pages/api/hello.cpp",
      "app/api/v2/cookies/route.cpp",
      "app/api/v2/echo/[[...path]]/route.cpp",
      "app/api/v2/hello/route.cpp",
      "app/api/v2/posts/route.cpp",
      "app/api/v2/posts/[id]/route.cpp",
      "app/api/v2/protected/data/route.cpp",
      "app/api/v2/search/route.cpp",
      "app/api/v2/stream/route.cpp",
      "app/api/v2/submit/route.cpp",
  });
  expect_routes(app, {
                         {"/api/hello", "pages/api/hello.cpp"},
                         {"/api/users", "pages/api/users.cpp"},
                         {"/api/users/42", "pages/api/users/[id].cpp"},
                         // pages/api/[id] swallows every one-segment /api path.
                         {"/api/nope", "pages/api/[id].cpp"},
                         {"/api/42", "pages/api/[id].cpp"},
                         {"/api/hello.json", "pages/api/[id].cpp"},
                         {"/api/v2", "pages/api/[id].cpp"},
                         {"/api/catch", "pages/api/[id].cpp"},  // [...slug] needs a segment
                         {"/api/hell%6F", "pages/api/[id].cpp"},
                         // A real 404 needs two or more unmatched segments.
                         {"/api/v2/nope", "404"},
                         {"/api/users/a/b", "404"},
                         {"/api/does/not/exist", "404"},
                         {"/api", "404"},
                         {"/", "404"},
                         {"/nope", "404"},
                         {"/API/hello", "404"},
                         {"/api/v2/hell%6F", "404"},
                         {"/api/v2/protected", "404"},
                         {"/api/v2/protected/%64ata", "404"},
                         {"/api/v2/protected/a/b/c", "404"},
                         {"/api/v2/protected/data", "app/api/v2/protected/data/route.cpp"},
                         {"/api/catch/a", "pages/api/catch/[...slug].cpp"},
                         {"/api/optional", "pages/api/optional/[[...slug]].cpp"},
                         {"/api/optional/a/b/c", "pages/api/optional/[[...slug]].cpp"},
                         {"/api/v2/echo", "app/api/v2/echo/[[...path]]/route.cpp"},
                         {"/api/v2/posts", "app/api/v2/posts/route.cpp"},
                         {"/api/v2/posts/1", "app/api/v2/posts/[id]/route.cpp"},
                         {"/api/users/%", "400"},
                         {"/api/users/%E0%A4%A", "400"},
                         {"/api/catch/%", "400"},
                         {"/api/v2/posts/%", "400"},
                     });
  EXPECT_EQ(string_param(app.match("/api/v2"), "id"), "v2");
  EXPECT_EQ(string_param(app.match("/api/catch"), "id"), "catch");
  EXPECT_EQ(string_param(app.match("/api/users/a%2Fb"), "id"), "a/b");
  EXPECT_EQ(string_param(app.match("/api/users/a+b"), "id"), "a+b");
  EXPECT_EQ(list_param(app.match("/api/catch/a%2Fb/c%20d/J%C3%B6rg"), "slug"),
            (Params::List{"a/b", "c d", "J\xC3\xB6rg"}));
  EXPECT_FALSE(app.match("/api/optional").params.contains("slug"));
  EXPECT_EQ(list_param(app.match("/api/optional/a/b/c"), "slug"), (Params::List{"a", "b", "c"}));
  EXPECT_EQ(list_param(app.match("/api/v2/echo/a/b%2Fc/J%C3%B6rg"), "path"),
            (Params::List{"a", "b/c", "J\xC3\xB6rg"}));
}

TEST(router_matcher, StaticMatchHasNoParams) {
  App app({"app/api/hello/route.cpp"});
  auto result = app.match("/api/hello");
  EXPECT_EQ(result.status, MatchStatus::matched);
  EXPECT_EQ(result.route, 0u);
  EXPECT_TRUE(result.params.empty());
}

TEST(router_matcher, PathsOutsideThePreconditionDoNotMatch) {
  App app({"app/[id]/route.cpp", "app/api/hello/route.cpp"});
  EXPECT_EQ(app.route_for(""), "404");
  EXPECT_EQ(app.route_for("api/hello"), "404");
  EXPECT_EQ(app.route_for("x"), "404");
}

TEST(router_matcher, ExposesTheTableInPrecedenceOrder) {
  App app(
      {"app/api/[...slug]/route.cpp", "app/api/users/[id]/route.cpp", "app/api/hello/route.cpp"});
  std::vector<std::string> displays;
  for (const RouteEntry& entry : app.matcher().table().entries()) {
    displays.push_back(entry.pattern.display());
  }
  EXPECT_EQ(displays,
            (std::vector<std::string>{"/api/hello", "/api/users/[id]", "/api/[...slug]"}));
}

TEST(router_matcher, SurvivesAMove) {
  Matcher original = make_matcher({"app/api/users/[id]/route.cpp", "app/api/hello/route.cpp"});
  Matcher moved = make_matcher({});
  moved = std::move(original);
  EXPECT_TRUE(moved.match("/api/hello").matched());
  EXPECT_EQ(moved.match("/api/users/7").params.get("id"), "7");
}

}  // namespace
}  // namespace spur::router
