// The CORS built-in's origin rules: "*" with credentials is refused when the
// app starts, a listed origin matches exactly, and `null` only when listed.
#include "builtins/cors.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "spur/builtins/builtins.hpp"
#include "test_request.hpp"

namespace spur {
namespace {

TEST(Cors, AnyOriginWithCredentialsIsRefusedAtStartUp) {
  try {
    builtins::cors(Cors{.credentials = true});
    FAIL() << "Cors{.credentials = true} with the default origins was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("list the origins"), std::string::npos) << e.what();
  }
  EXPECT_THROW(builtins::cors(Cors{.origins = {"https://a.example", "*"}, .credentials = true}),
               std::invalid_argument);
  EXPECT_NO_THROW(builtins::cors(Cors{}));
  EXPECT_NO_THROW(builtins::cors(Cors{.origins = {"https://a.example"}, .credentials = true}));
}

std::optional<std::string> allowed_origin(const Cors& cors, const std::string& origin) {
  test::TestRequest req("/api/x", {"Origin: " + origin});
  Response r = Response::text("ok");
  detail::add_cors_headers(cors, req.get(), r);
  if (auto v = r.header("access-control-allow-origin")) return std::string(*v);
  return std::nullopt;
}

TEST(Cors, ListedOriginsMatchExactlyWithCredentials) {
  const Cors cors{.origins = {"https://good.example"}, .credentials = true};
  EXPECT_EQ(allowed_origin(cors, "https://good.example"), "https://good.example");
  for (const char* other : {"https://evil.example", "null", "HTTPS://GOOD.EXAMPLE",
                            "https://good.example.evil.com", "https://good.example/"})
    EXPECT_EQ(allowed_origin(cors, other), std::nullopt) << other;
}

TEST(Cors, NullOriginOnlyWhenListed) {
  EXPECT_EQ(allowed_origin(Cors{.origins = {"https://a.example"}}, "null"), std::nullopt);
  EXPECT_EQ(allowed_origin(Cors{.origins = {"null"}, .credentials = true}, "null"), "null");
  // Any origin without credentials: the wildcard, never an echo.
  EXPECT_EQ(allowed_origin(Cors{}, "https://evil.example"), "*");
}

}  // namespace
}  // namespace spur
