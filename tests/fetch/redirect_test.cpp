// What a redirect does to the next request (the Fetch standard's rules).
#include "fetch/redirect.hpp"

#include <gtest/gtest.h>

#include "spur/fetch/fetch_error.hpp"

namespace spur::fetch_detail {
namespace {

const Target a = *parse_target("https://a.example/x");
const Target a2 = *parse_target("https://a.example/y");
const Target b = *parse_target("https://b.example/y");

NextRequest post() {
  return {"POST",
          {{"Authorization", "Bearer t"},
           {"Cookie", "s=1"},
           {"X-Api-Key", "k"},
           {"Content-Type", "application/json"},
           {"Accept", "*/*"}},
          "{}"};
}

std::vector<std::string> names(const NextRequest& r) {
  std::vector<std::string> out;
  for (const auto& [n, v] : r.headers) out.push_back(n);
  return out;
}

TEST(Redirect, StatusesThatRedirect) {
  for (int s : {301, 302, 303, 307, 308}) EXPECT_TRUE(is_redirect(s)) << s;
  for (int s : {200, 300, 304, 305, 306, 400}) EXPECT_FALSE(is_redirect(s)) << s;
}

TEST(Redirect, SeeOtherAndPostOn301Or302BecomeAGet) {
  for (int s : {301, 302, 303}) {
    NextRequest next = follow_redirect(s, a, a2, post(), {});
    EXPECT_EQ(next.method, "GET") << s;
    EXPECT_EQ(next.body, "");
    EXPECT_EQ(names(next),
              (std::vector<std::string>{"Authorization", "Cookie", "X-Api-Key", "Accept"}));
  }
  for (int s : {307, 308}) {
    NextRequest next = follow_redirect(s, a, a2, post(), {});
    EXPECT_EQ(next.body, "{}") << s;
    EXPECT_EQ(next.method, "POST");
  }
  NextRequest put = post();
  put.method = "PUT";
  EXPECT_EQ(follow_redirect(302, a, a2, put, {}).method, "PUT");
  EXPECT_EQ(follow_redirect(303, a, a2, put, {}).method, "GET");
}

TEST(Redirect, CredentialsStayWithTheirOrigin) {
  NextRequest next = follow_redirect(307, a, b, post(), {"x-api-key"});
  EXPECT_EQ(names(next), (std::vector<std::string>{"Content-Type", "Accept"}));
  next = follow_redirect(307, a, b, post(), {});
  EXPECT_EQ(names(next), (std::vector<std::string>{"X-Api-Key", "Content-Type", "Accept"}));
}

TEST(Redirect, NeverFromHttpsToHttp) {
  const Target plain = *parse_target("http://a.example/x");
  EXPECT_THROW(follow_redirect(302, a, plain, post(), {}), FetchError);
  EXPECT_NO_THROW(follow_redirect(302, plain, a, post(), {}));
}

}  // namespace
}  // namespace spur::fetch_detail
