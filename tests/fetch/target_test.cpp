// Which URLs fetch accepts and what it makes of them and of a Location.
#include "fetch/target.hpp"

#include <gtest/gtest.h>

namespace spur::fetch_detail {
namespace {

TEST(Target, SchemesHostsPortsAndTargets) {
  auto t = parse_target("https://API.example/users/7?x=1#frag");
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->tls);
  EXPECT_EQ(t->host, "API.example");
  EXPECT_EQ(t->port, 443);
  EXPECT_EQ(t->path_and_query, "/users/7?x=1");
  EXPECT_EQ(t->host_header(), "API.example");
  EXPECT_EQ(t->origin(), "https://API.example:443");
  t = parse_target("http://127.0.0.1:8080");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path_and_query, "/");
  EXPECT_EQ(t->host_header(), "127.0.0.1:8080");
  t = parse_target("HTTP://[::1]:81/a");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "::1");
  EXPECT_EQ(t->host_header(), "[::1]:81");
}

TEST(Target, RefusesWhatIsNotHttp) {
  for (const char* url : {"ftp://example.com/", "example.com/x", "/relative", "http://",
                          "http://user:pw@example.com/", "http://example.com:0/",
                          "http://example.com:99999/", "https://exa mple.com/"})
    EXPECT_FALSE(parse_target(url)) << url;
}

TEST(Target, LocationsResolveAgainstTheCurrentUrl) {
  const Target base = *parse_target("https://a.example/x/y?q=1");
  EXPECT_EQ(resolve_location(base, "/z")->url, "https://a.example/z");
  EXPECT_EQ(resolve_location(base, "w")->url, "https://a.example/x/w");
  EXPECT_EQ(resolve_location(base, "//b.example/p")->url, "https://b.example/p");
  EXPECT_EQ(resolve_location(base, "http://c.example:8080/")->origin(), "http://c.example:8080");
  EXPECT_FALSE(resolve_location(base, "mailto:x@y.example"));
}

}  // namespace
}  // namespace spur::fetch_detail
