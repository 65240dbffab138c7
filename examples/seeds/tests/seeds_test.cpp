// The seeds app's own tests, in-process with spur::testing (no sockets). The
// recorded-Next.js comparison over real HTTP is tests/conformance.
#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <spur/testing/client.hpp>

namespace {

using spur::testing::Client;
using spur::testing::TestResponse;

class Seeds : public testing::Test {
 protected:
  spur::App app{spur_app_routes(), spur_app_options()};
  Client client{app};
};

TEST_F(Seeds, PagesHello) {
  TestResponse r = client.get("/api/hello");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"message":"Hello from Next.js!"})");
  EXPECT_EQ(r.header("etag"), "\"x0q7xhtzoxx\"");
}

TEST_F(Seeds, UsersAnswers405WithTwoAllowLines) {
  TestResponse r = client.del("/api/users");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header_values("allow"), (std::vector<std::string>{"GET", "POST"}));
  EXPECT_EQ(r.body, "Method DELETE Not Allowed");
  EXPECT_EQ(client.post("/api/users", "").status, 201);
}

TEST_F(Seeds, DynamicRoutes) {
  EXPECT_EQ(client.get("/api/users/42").body, R"({"id":"42","name":"User 42"})");
  EXPECT_EQ(client.get("/api/whatever").body, R"({"message":"Received ID: whatever"})");
  EXPECT_EQ(client.get("/api/catch/a%2Fb/c").json().at("slug"), (boost::json::array{"a/b", "c"}));
  EXPECT_EQ(client.get("/api/optional").json().at("slug"), nullptr);
}

TEST_F(Seeds, MethodsVariant) {
  EXPECT_EQ(client.get("/api/methods").json().at("message"), "GET request received!");
  EXPECT_EQ(client.post("/api/methods", "").json().at("message"), "POST request received!");
  TestResponse r = client.put("/api/methods", "");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.json().at("message"), "Method Not Allowed");
}

TEST_F(Seeds, WithAuthWrapper) {
  TestResponse denied = client.get("/api/secret");
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.body, R"({"message":"Unauthorized"})");
  EXPECT_EQ(client.get("/api/secret", {{"Authorization", ""}}).status, 401);
  EXPECT_EQ(client.get("/api/secret", {{"Authorization", "Bearer x"}}).body, R"({"ok":true})");
}

TEST_F(Seeds, AppHelloEchoesJson) {
  EXPECT_EQ(client.get("/api/v2/hello").body, R"({"message":"Hello from Next.js App Router!"})");
  TestResponse r =
      client.post("/api/v2/hello", R"({"a":[1,2.5]})", {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.body, R"({"received":{"a":[1,2.5]}})");
  EXPECT_EQ(client.post("/api/v2/hello", "{").status, 400);
}

TEST_F(Seeds, PostsCrud) {
  const spur::testing::Headers json = {{"Content-Type", "application/json"}};
  TestResponse created = client.post("/api/v2/posts", R"({"title":"Hi","content":"there"})", json);
  ASSERT_EQ(created.status, 201);
  const std::string id(created.json().at("id").as_string());
  const std::string item = "/api/v2/posts/" + id;
  EXPECT_EQ(client.get(item).json().at("title"), "Hi");
  EXPECT_EQ(client.patch(item, R"({"content":"merged"})", json).json(),
            (boost::json::value{{"id", id}, {"title", "Hi"}, {"content", "merged"}}));
  EXPECT_EQ(client.put(item, R"({"title":"New"})", json).json(),
            (boost::json::value{{"id", id}, {"title", "New"}, {"content", ""}}));
  EXPECT_EQ(client.del(item).status, 204);
  TestResponse missing = client.get(item);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"error":"Post not found"})");
  EXPECT_EQ(client.post("/api/v2/posts", R"({"content":"no title"})", json).json(),
            (boost::json::value{{"error", "title is required"}}));
}

TEST_F(Seeds, AutomaticHeadOptionsAnd405) {
  TestResponse head = client.request("HEAD", "/api/v2/posts/1");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  TestResponse options = client.request("OPTIONS", "/api/v2/posts/1");
  EXPECT_EQ(options.status, 204);
  EXPECT_EQ(options.header("allow"), "DELETE, GET, HEAD, OPTIONS, PATCH, PUT");
  TestResponse not_allowed = client.post("/api/v2/posts/1", "{}");
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_EQ(not_allowed.header("allow"), "DELETE, GET, HEAD, OPTIONS, PATCH, PUT");
}

TEST_F(Seeds, NormalisationAndErrors) {
  TestResponse slash = client.get("/api/hello/?x=1");
  EXPECT_EQ(slash.status, 308);
  EXPECT_EQ(slash.header("location"), "/api/hello?x=1");
  EXPECT_EQ(client.get("/api/users/../hello").status, 200);
  EXPECT_EQ(client.get("/api/users/%").status, 400);
  EXPECT_EQ(client.get("/api/v2/nope").status, 404);
  TestResponse boom = client.get("/api/boom");
  EXPECT_EQ(boom.status, 500);
  EXPECT_EQ(boom.body, R"({"error":"Internal Server Error"})");
}

TEST_F(Seeds, SearchAndCookies) {
  EXPECT_EQ(client.get("/api/v2/search?q=J%C3%B6rg&tags=a&tags=b").json(),
            (boost::json::value{{"q", "J\xC3\xB6rg"}, {"tags", {"a", "b"}}}));
  TestResponse c = client.get("/api/v2/cookies", {{"Cookie", "session=a%20b"}});
  EXPECT_EQ(c.json().at("session"), "a b");
  EXPECT_EQ(c.header("set-cookie"), "seen=1; Path=/; HttpOnly");
}

}  // namespace

namespace {

TEST(SeedsMiddleware, GuardsTheProtectedApi) {
  spur::App app{spur_app_routes(), spur_app_options()};
  Client client{app};
  TestResponse denied = client.get("/api/v2/protected/data");
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.body, R"({"error":"Unauthorized"})");
  EXPECT_EQ(client.get("/api/v2/protected/data", {{"x-api-key", "secret"}}).body,
            R"({"data":"ok"})");
  // Outside its matcher the middleware does not run.
  EXPECT_EQ(client.get("/api/v2/hello").status, 200);
}

}  // namespace
