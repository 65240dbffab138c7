// Which proxy a call takes: the no_proxy rules and the proxy URL's forms.
#include "fetch/forward_proxy.hpp"

#include <gtest/gtest.h>

#include "spur/fetch/fetch_error.hpp"

namespace spur::fetch_detail {
namespace {

TEST(NoProxy, NamesMatchThemselvesAndTheirSubdomains) {
  EXPECT_TRUE(no_proxy_matches("example.com", "example.com"));
  EXPECT_TRUE(no_proxy_matches("example.com", "api.example.com"));
  EXPECT_TRUE(no_proxy_matches(".example.com", "api.example.com"));
  EXPECT_TRUE(no_proxy_matches(".example.com", "example.com"));
  EXPECT_TRUE(no_proxy_matches("EXAMPLE.com", "Api.Example.COM"));
  EXPECT_FALSE(no_proxy_matches("example.com", "badexample.com"));
  EXPECT_FALSE(no_proxy_matches("api.example.com", "example.com"));
  EXPECT_FALSE(no_proxy_matches("", "example.com"));
}

TEST(NoProxy, ListsWildcardsPortsAddressesAndRanges) {
  EXPECT_TRUE(no_proxy_matches("localhost, internal.example ,10.0.0.0/8", "db.internal.example"));
  EXPECT_TRUE(no_proxy_matches("a.example,*", "anything.example"));
  EXPECT_TRUE(no_proxy_matches("example.com:8080", "example.com"));
  EXPECT_TRUE(no_proxy_matches("10.0.0.0/8", "10.20.30.40"));
  EXPECT_FALSE(no_proxy_matches("10.0.0.0/8", "11.0.0.1"));
  EXPECT_FALSE(no_proxy_matches("10.0.0.0/8", "ten.example"));
  EXPECT_TRUE(no_proxy_matches("192.168.1.7", "192.168.1.7"));
  EXPECT_TRUE(no_proxy_matches("[::1]:3000", "::1"));
  EXPECT_TRUE(no_proxy_matches("fd00::/8", "fd12::1"));
  EXPECT_FALSE(no_proxy_matches("fd00::/8", "fe80::1"));
}

Target target(const char* url) { return *parse_target(url); }

TEST(ProxyFor, AnOptionWinsAndCarriesCredentials) {
  EXPECT_FALSE(proxy_for(target("http://api.example/x"), std::string()));
  const auto via = proxy_for(target("https://api.example/x"),
                             std::string("http://jane%40corp:s%3Acret@proxy.example:3128"));
  ASSERT_TRUE(via);
  EXPECT_EQ(via->proxy.origin(), "http://proxy.example:3128");
  // base64("jane@corp:s:cret")
  EXPECT_EQ(via->authorization, "Basic amFuZUBjb3JwOnM6Y3JldA==");
  const auto bare = proxy_for(target("http://api.example/x"), std::string("proxy.example:8080"));
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->proxy.origin(), "http://proxy.example:8080");
  EXPECT_EQ(bare->authorization, "");
}

TEST(ProxyFor, OnlyHttpProxiesAreUnderstood) {
  for (const char* bad : {"socks5://proxy.example:1080", "https://proxy.example", "http://"})
    EXPECT_THROW(proxy_for(target("http://api.example/x"), std::string(bad)), FetchError) << bad;
}

}  // namespace
}  // namespace spur::fetch_detail
