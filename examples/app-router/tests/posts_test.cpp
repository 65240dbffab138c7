// The posts API in-process (spur::testing, no sockets), each test on a fresh
// SQLite database with db/migrations applied.
#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <spur/testing/client.hpp>
#include <spur/testing/database.hpp>

namespace {

using spur::testing::Client;
using spur::testing::Headers;
using spur::testing::TestResponse;

const Headers json{{"Content-Type", "application/json"}};

class Posts : public testing::Test {
 protected:
  spur::testing::TestDatabase database{SPUR_APP_DIR "/db/migrations"};
  spur::App app{spur_app_routes(), spur_app_options()};
  Client client{app};
};

TEST_F(Posts, StartsWithTheSeededPost) {
  TestResponse r = client.get("/api/posts");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body,
            R"([{"id":"1","title":"First post","content":"Seeded by the first migration"}])");
}

TEST_F(Posts, CreateReadUpdateDelete) {
  TestResponse created = client.post("/api/posts", R"({"title":"Hi"})", json);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body, R"({"id":"2","title":"Hi","content":""})");

  EXPECT_EQ(client.get("/api/posts/2").body, created.body);
  EXPECT_EQ(client.patch("/api/posts/2", R"({"content":"there"})", json).body,
            R"({"id":"2","title":"Hi","content":"there"})");
  EXPECT_EQ(client.put("/api/posts/2", R"({"title":"New"})", json).body,
            R"({"id":"2","title":"New","content":""})");
  EXPECT_EQ(client.del("/api/posts/2").status, 204);
  TestResponse gone = client.get("/api/posts/2");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.body, R"({"error":"Post not found"})");
}

TEST_F(Posts, InvalidBodiesNameEveryField) {
  TestResponse r = client.post("/api/posts", R"({"content":5})", json);
  EXPECT_EQ(r.status, 400);
  const boost::json::value body = r.json();
  const boost::json::array& issues = body.at("issues").as_array();
  ASSERT_EQ(issues.size(), 2u) << r.body;
  EXPECT_EQ(issues[0].at("path"), "title");
  EXPECT_EQ(issues[0].at("code"), "required");
  EXPECT_EQ(issues[1].at("path"), "content");
  EXPECT_EQ(issues[1].at("code"), "invalid_type");
  EXPECT_EQ(client.get("/api/posts").json().as_array().size(), 1u);  // nothing stored
}

TEST_F(Posts, EachTestHasItsOwnDatabase) {
  // Another test's posts are not here, nor its ids: a new post is "2" again.
  EXPECT_EQ(client.get("/api/posts").json().as_array().size(), 1u);
  EXPECT_EQ(client.post("/api/posts", R"({"title":"Mine"})", json).json().at("id"), "2");
}

}  // namespace
