// req.query (the query string merged with the path params), headers and
// cookies, against Next.js 16's recorded answers for the dynamic Pages routes
// (users_id_*, catch_*, optional_*, root_dynamic_*, cookies_pages_parse).
#include "spur/pages/api_request.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <vector>

#include "pages_test_util.hpp"

namespace spur {
namespace {

using test::header;
using test::params_of;
using test::run;
using test::TestRequest;
using List = router::Params::List;

// pages/api/users/[id].ts
void user_by_id(ApiRequest& req, ApiResponse& res) {
  std::string_view id = req.query["id"];
  res.status(200).json({{"id", id}, {"name", "User " + std::string(id)}});
}

// pages/api/[id].ts
void root_dynamic(ApiRequest& req, ApiResponse& res) {
  res.status(200).json({{"message", "Received ID: " + std::string(req.query["id"])}});
}

// pages/api/catch/[...slug].ts and pages/api/optional/[[...slug]].ts:
//   res.status(200).json({ slug: req.query.slug ?? null })
void slug(ApiRequest& req, ApiResponse& res) {
  boost::json::object query = req.query;
  const boost::json::value* s = query.if_contains("slug");
  res.status(200).json({{"slug", s ? *s : nullptr}});
}

struct RouteCase {
  const char* name;
  const char* target;
  void (*handler)(ApiRequest&, ApiResponse&);
  router::Params params;
  std::string response;
  const char* etag;
};

TEST(ApiQuery, RecordedDynamicRoutes) {
  const std::vector<RouteCase> cases = {
      {"users_id_numeric", "/api/users/42", user_by_id, params_of({{"id", "42"}}),
       R"({"id":"42","name":"User 42"})", R"("jgozkf0ki7s")"},
      {"users_id_encoded_slash", "/api/users/a%2Fb", user_by_id, params_of({{"id", "a/b"}}),
       R"({"id":"a/b","name":"User a/b"})", R"("1180y153koou")"},
      {"users_id_plus", "/api/users/a+b", user_by_id, params_of({{"id", "a+b"}}),
       R"({"id":"a+b","name":"User a+b"})", R"("u81hlb82h7u")"},
      {"users_id_query_conflict", "/api/users/7?id=9&x=1", user_by_id, params_of({{"id", "7"}}),
       R"({"id":"7","name":"User 7"})", R"("q95vyrqwgyq")"},
      {"root_dynamic_numeric", "/api/42", root_dynamic, params_of({{"id", "42"}}),
       R"({"message":"Received ID: 42"})", R"("14tgy0gudg0t")"},
      {"root_dynamic_catch_prefix_query", "/api/catch?slug=x", root_dynamic,
       params_of({{"id", "catch"}}), R"({"message":"Received ID: catch"})", R"("13hif2ek0g2w")"},
      {"pages_hello_encoded_static", "/api/hell%6F", root_dynamic, params_of({{"id", "hello"}}),
       R"({"message":"Received ID: hello"})", R"("1h4087f4snw")"},
      {"catch_encoded", "/api/catch/a%2Fb/c%20d/J%C3%B6rg", slug,
       params_of({{"slug", List{"a/b", "c d", "Jörg"}}}), R"({"slug":["a/b","c d","Jörg"]})",
       R"("y19cl5mohqt")"},
      {"catch_query_conflict", "/api/catch/a?slug=x&other=1", slug,
       params_of({{"slug", List{"a"}}}), R"({"slug":["a"]})", R"("b0k9jnia1ve")"},
      {"optional_none", "/api/optional", slug, {}, R"({"slug":null})", R"("10re18kanpjd")"},
      {"optional_none_query_slug",
       "/api/optional?slug=x",
       slug,
       {},
       R"({"slug":"x"})",
       R"("25i9s7cqkqc")"},
      {"optional_none_query_slug_repeated",
       "/api/optional?slug=x&slug=y",
       slug,
       {},
       R"({"slug":["x","y"]})",
       R"("14jthteptegi")"},
      {"optional_many", "/api/optional/a/b/c", slug, params_of({{"slug", List{"a", "b", "c"}}}),
       R"({"slug":["a","b","c"]})", R"("15mk28jjqs6m")"},
  };
  for (const RouteCase& c : cases) {
    SCOPED_TRACE(c.name);
    TestRequest req("GET", c.target);
    Response r = run(to_pages_handler(c.handler), req, c.params);
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.body(), c.response);
    EXPECT_EQ(header(r, "etag"), c.etag);
  }
}

TEST(ApiQuery, AccessorsOnStringsListsAndAbsentKeys) {
  ApiQuery q("a=1&a=2&z&q=hello+world%21&e=%", params_of({{"slug", List{"x", "y"}}}));
  EXPECT_EQ(q["a"], "1");  // first of a list
  EXPECT_TRUE(q.is_list("a"));
  EXPECT_EQ(q.get_all("a"), (std::vector<std::string_view>{"1", "2"}));
  EXPECT_EQ(q["z"], "");
  EXPECT_TRUE(q.has("z"));
  EXPECT_EQ(q.get("z"), "");
  EXPECT_EQ(q["q"], "hello world!");
  EXPECT_EQ(q["e"], "%");
  EXPECT_FALSE(q.is_list("q"));
  EXPECT_EQ(q.get_all("q"), (std::vector<std::string_view>{"hello world!"}));
  EXPECT_TRUE(q.is_list("slug"));
  EXPECT_EQ(q["slug"], "x");
  EXPECT_FALSE(q.has("missing"));
  EXPECT_EQ(q["missing"], "");
  EXPECT_EQ(q.get("missing"), std::nullopt);
  EXPECT_TRUE(q.get_all("missing").empty());
}

TEST(ApiQuery, ParamsReplaceQueryKeysInPlaceAndOthersFollow) {
  // As JavaScript's {...query, ...params}.
  ApiQuery q("x=1&id=9&y=2", params_of({{"id", "7"}, {"slug", List{"a"}}}));
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q.entries()[0].name, "x");
  EXPECT_EQ(q.entries()[1].name, "id");
  EXPECT_EQ(q["id"], "7");
  EXPECT_EQ(q.entries()[2].name, "y");
  EXPECT_EQ(q.entries()[3].name, "slug");
  EXPECT_EQ(boost::json::value(q.to_json()),
            boost::json::parse(R"({"x":"1","id":"7","y":"2","slug":["a"]})"));
}

TEST(ApiQuery, RepeatedQueryKeyStaysAtItsFirstPosition) {
  ApiQuery q("a=1&b=2&a=3", {});
  std::string json = boost::json::serialize(q.to_json());
  EXPECT_EQ(json, R"({"a":["1","3"],"b":"2"})");
}

// Large queries go through an index by name (small ones do not): the same
// answer either way, in the same order, with params applied on top.
TEST(ApiQuery, ManyKeysKeepOrderListsAndParams) {
  std::string query;
  for (int i = 0; i < 3000; ++i) query += "k" + std::to_string(i) + "=" + std::to_string(i) + "&";
  query += "k5=again&id=9&k2999=last";
  ApiQuery q(query, params_of({{"id", "7"}, {"slug", List{"a"}}}));
  ASSERT_EQ(q.size(), 3002u);
  EXPECT_EQ(q.entries()[0].name, "k0");
  EXPECT_EQ(q.entries()[2999].name, "k2999");
  EXPECT_EQ(q.get_all("k5"), (std::vector<std::string_view>{"5", "again"}));
  EXPECT_EQ(q.get_all("k2999"), (std::vector<std::string_view>{"2999", "last"}));
  EXPECT_EQ(q.entries()[3000].name, "id");
  EXPECT_EQ(q["id"], "7");
  EXPECT_EQ(q.entries()[3001].name, "slug");
}

TEST(ApiQuery, CanBeEdited) {
  ApiQuery q("a=1", {});
  q.append("a", "2");
  q.append("b", "3");
  q.set("c", "4");
  EXPECT_EQ(q.get_all("a"), (std::vector<std::string_view>{"1", "2"}));
  q.set("a", "only");
  EXPECT_FALSE(q.is_list("a"));
  q.remove("b");
  EXPECT_EQ(boost::json::serialize(q.to_json()), R"({"a":"only","c":"4"})");
}

TEST(ApiRequest, MethodUrlHeadersAndRawBody) {
  TestRequest req("PATCH", "/api/users/7?x=1", {{"X-Api-Key", "k1"}, {"X-Api-Key", "k2"}}, "hello");
  router::Params params = params_of({{"id", "7"}});
  Response r = run(to_pages_handler([&](ApiRequest& q, ApiResponse& s) {
                     EXPECT_EQ(q.method(), "PATCH");
                     EXPECT_EQ(q.url(), "/api/users/7?x=1");
                     EXPECT_EQ(q.path(), "/api/users/7");
                     EXPECT_EQ(q.header("x-api-key"), "k1");
                     EXPECT_EQ(q.header("X-API-KEY"), "k1");
                     EXPECT_EQ(q.header("missing"), std::nullopt);
                     EXPECT_GE(q.headers().size(), 3u);
                     EXPECT_EQ(q.raw_body(), "hello");
                     EXPECT_EQ(q.body(), boost::json::value("hello"));
                     EXPECT_EQ(q.params()["id"], "7");
                     s.end();
                   }),
                   req, params);
  EXPECT_EQ(r.status(), 200);
}

// pages/api/send.ts, kind=cookies: res.setHeader('Set-Cookie', [...]) and
// res.status(200).json({ cookies: req.cookies })
void send_cookies(ApiRequest& req, ApiResponse& res) {
  boost::json::object cookies;
  for (const auto& [name, value] : req.cookies().entries())
    if (!cookies.contains(name)) cookies.emplace(name, boost::json::string(value));
  res.set_header("Set-Cookie", {"a=1; Path=/", "b=2; Path=/; HttpOnly"});
  res.status(200).json({{"cookies", cookies}});
}

TEST(ApiRequest, CookiesDecodedFirstDuplicateWins) {  // cookies_pages_parse
  TestRequest req("GET", "/api/send?kind=cookies", {{"Cookie", "x=1; y=%20z; x=2"}});
  Response r = run(to_pages_handler(send_cookies), req);
  EXPECT_EQ(r.body(), R"({"cookies":{"x":"1","y":" z"}})");
  EXPECT_EQ(header(r, "etag"), R"("eedok7p05mu")");
  EXPECT_EQ(test::header_values(r, "set-cookie"),
            (std::vector<std::string>{"a=1; Path=/", "b=2; Path=/; HttpOnly"}));
}

TEST(ApiRequest, NoCookies) {  // send_cookies
  TestRequest req("GET", "/api/send?kind=cookies");
  Response r = run(to_pages_handler(send_cookies), req);
  EXPECT_EQ(r.body(), R"({"cookies":{}})");
  EXPECT_EQ(header(r, "etag"), R"("66bachvpype")");
}

}  // namespace
}  // namespace spur
