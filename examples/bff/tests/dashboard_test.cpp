// GET /api/dashboard/[id] in-process: the users and orders services are
// answered by FakeFetch, so each case says exactly what they return.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <boost/json/parse.hpp>
#include <spur/fetch/fetch_error.hpp>
#include <spur/testing/client.hpp>
#include <spur/testing/fake_fetch.hpp>

namespace {

class Dashboard : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::setenv("USERS_API", "http://users.test", 1);
    ::setenv("ORDERS_API", "http://orders.test", 1);
  }
  spur::App app{spur_app_routes(), spur_app_options()};
  spur::testing::Client client{app};
  spur::testing::FakeFetch services;
};

TEST_F(Dashboard, JoinsWhatBothServicesSay) {
  services.on("http://users.test/users/7", 200, R"({"id":7,"name":"Ada"})");
  services.on("http://orders.test/orders?user=7", 200, R"([{"id":1},{"id":2}])");
  const auto res = client.get("/api/dashboard/7");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.json(),
            boost::json::parse(R"({"user":{"id":7,"name":"Ada"},"orders":[{"id":1},{"id":2}]})"));
  ASSERT_EQ(services.calls().size(), 2u);
  EXPECT_EQ(services.calls()[0].url, "http://users.test/users/7");
  EXPECT_EQ(services.calls()[1].url, "http://orders.test/orders?user=7");
}

TEST_F(Dashboard, AFailingServiceIsNamed) {
  services.on("http://users.test/", 500, R"({"error":"db down"})");
  services.on("http://orders.test/", 200, "[]");
  const auto res = client.get("/api/dashboard/7");
  EXPECT_EQ(res.status, 502);
  EXPECT_EQ(res.json().at("error"), "users answered 500");
}

TEST_F(Dashboard, AnUnknownUserIs404) {
  services.on("http://users.test/", 404, "{}");
  services.on("http://orders.test/", 200, "[]");
  EXPECT_EQ(client.get("/api/dashboard/9").status, 404);
}

TEST_F(Dashboard, ASlowServiceIs504) {
  services.on("http://users.test/", 200, R"({"id":7})");
  services.on("http://orders.test/",
              [](const spur::testing::FetchRequest& r) -> spur::FetchResponse {
                throw spur::FetchError(spur::FetchError::Kind::timeout,
                                       r.url + " did not answer within 2000 ms");
              });
  const auto res = client.get("/api/dashboard/7");
  EXPECT_EQ(res.status, 504);
  EXPECT_EQ(res.json().at("error"),
            "http://orders.test/orders?user=7 did not answer within 2000 ms");
}

TEST_F(Dashboard, AServiceNobodyAnswersIs502) {
  services.on("http://users.test/", 200, R"({"id":7})");
  const auto res = client.get("/api/dashboard/7");
  EXPECT_EQ(res.status, 502);
  EXPECT_NE(res.json().at("error").as_string().find("http://orders.test/orders?user=7"),
            std::string::npos);
}

}  // namespace
