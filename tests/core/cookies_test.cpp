// Cookies: the Cookie header read leniently, and Set-Cookie values written
// with every attribute in Next.js's order.
#include "spur/core/cookies.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace spur {
namespace {

using Entries = std::vector<RequestCookies::Entry>;

Entries entries_of(std::string_view header) {
  RequestCookies cookies(header);
  return {cookies.entries().begin(), cookies.entries().end()};
}

// ---- RequestCookies ----------------------------------------------------------

TEST(RequestCookies, SplitsOnSemicolons) {
  RequestCookies c("a=1; b=2;c=3");
  EXPECT_EQ(c.get("a"), "1");
  EXPECT_EQ(c.get("b"), "2");
  EXPECT_EQ(c.get("c"), "3");
  EXPECT_EQ(c.entries().size(), 3u);
}

TEST(RequestCookies, EmptyHeaderHasNoCookies) {
  RequestCookies c("");
  EXPECT_TRUE(c.entries().empty());
  EXPECT_EQ(c.get("a"), std::nullopt);
  EXPECT_FALSE(c.has("a"));
  EXPECT_TRUE(RequestCookies().entries().empty());
}

struct ParseCase {
  const char* name;
  const char* header;
  Entries entries;
};

const ParseCase parse_cases[] = {
    {"plain", "a=1; b=2", {{"a", "1"}, {"b", "2"}}},
    {"no_space", "a=1;b=2", {{"a", "1"}, {"b", "2"}}},
    {"spaces_around_everything", "  a = 1 ;\tb=2\t;  ", {{"a", "1"}, {"b", "2"}}},
    {"empty_parts", ";; a=1;;; b=2;", {{"a", "1"}, {"b", "2"}}},
    {"part_without_equals", "flag; a=1; other", {{"a", "1"}}},
    {"empty_name", "=x; a=1", {{"a", "1"}}},
    {"empty_value", "a=; b=2", {{"a", ""}, {"b", "2"}}},
    {"equals_in_value", "a=b=c", {{"a", "b=c"}}},
    {"percent_decoded", "a=a%20b", {{"a", "a b"}}},
    {"utf8_decoded", "n=J%C3%B6rg", {{"n", "J\xC3\xB6rg"}}},
    {"invalid_escape_kept_raw", "a=100%; b=%zz", {{"a", "100%"}, {"b", "%zz"}}},
    {"truncated_escape_kept_raw", "a=%4", {{"a", "%4"}}},
    {"invalid_utf8_kept_raw", "a=%FF", {{"a", "%FF"}}},
    {"plus_is_not_space", "a=1+2", {{"a", "1+2"}}},
    {"quotes_kept", R"(a="quoted")", {{"a", R"("quoted")"}}},
    {"duplicates_all_listed", "a=1; a=2", {{"a", "1"}, {"a", "2"}}},
};

TEST(RequestCookies, LenientParsing) {
  for (const ParseCase& c : parse_cases) EXPECT_EQ(entries_of(c.header), c.entries) << c.name;
}

TEST(RequestCookies, FirstDuplicateWins) {
  RequestCookies c("session=old; x=1; session=new");
  EXPECT_EQ(c.get("session"), "old");
  EXPECT_TRUE(c.has("session"));
}

TEST(RequestCookies, NamesAreCaseSensitive) {
  RequestCookies c("Session=1");
  EXPECT_EQ(c.get("session"), std::nullopt);
  EXPECT_EQ(c.get("Session"), "1");
}

// ---- serialize_set_cookie ----------------------------------------------------

TEST(SetCookie, NameAndValueOnly) { EXPECT_EQ(serialize_set_cookie("a", "1"), "a=1"); }

TEST(SetCookie, PathAndHttpOnly) {
  EXPECT_EQ(serialize_set_cookie("seen", "1", {.path = "/", .http_only = true}),
            "seen=1; Path=/; HttpOnly");
}

TEST(SetCookie, EveryAttributeInNextJsOrder) {
  CookieOptions o{
      .path = "/api",
      .domain = "example.com",
      .max_age = 3600,
      .expires = std::chrono::system_clock::time_point{} + std::chrono::seconds(784111777),
      .secure = true,
      .http_only = true,
      .same_site = SameSite::lax,
      .partitioned = true,
  };
  EXPECT_EQ(serialize_set_cookie("id", "a3fWa", o),
            "id=a3fWa; Path=/api; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Max-Age=3600; "
            "Domain=example.com; Secure; HttpOnly; SameSite=Lax; Partitioned");
}

TEST(SetCookie, SameSiteValues) {
  EXPECT_EQ(serialize_set_cookie("a", "1", {.same_site = SameSite::strict}),
            "a=1; SameSite=Strict");
  EXPECT_EQ(serialize_set_cookie("a", "1", {.same_site = SameSite::lax}), "a=1; SameSite=Lax");
  EXPECT_EQ(serialize_set_cookie("a", "1", {.same_site = SameSite::none}), "a=1; SameSite=None");
  EXPECT_EQ(serialize_set_cookie("a", "1", {.same_site = SameSite::unset}), "a=1");
}

TEST(SetCookie, ZeroMaxAgeAndEpochExpiresAreWritten) {
  EXPECT_EQ(serialize_set_cookie("a", "", {.max_age = 0}), "a=; Max-Age=0");
  EXPECT_EQ(serialize_set_cookie("a", "", {.expires = std::chrono::system_clock::time_point{}}),
            "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(SetCookie, ValueEncodedLikeEncodeURIComponent) {
  // encodeURIComponent keeps A-Z a-z 0-9 - _ . ! ~ * ' ( ) and escapes the
  // rest byte by byte, in upper-case hex.
  EXPECT_EQ(serialize_set_cookie("a", "AZaz09-_.!~*'()"), "a=AZaz09-_.!~*'()");
  EXPECT_EQ(serialize_set_cookie("a", "a b;c,d=e\"f\\g%h+i/j?k&l"),
            "a=a%20b%3Bc%2Cd%3De%22f%5Cg%25h%2Bi%2Fj%3Fk%26l");
  EXPECT_EQ(serialize_set_cookie("n", "J\xC3\xB6rg"), "n=J%C3%B6rg");
  EXPECT_EQ(serialize_set_cookie("a", std::string("\0\x1f\x7f", 3)), "a=%00%1F%7F");
}

TEST(SetCookie, EncodedValueDecodesBack) {
  const std::string value = "caf\xC3\xA9 = 100%; \"ok\"";
  std::string header = serialize_set_cookie("v", value);
  EXPECT_EQ(RequestCookies(header).get("v"), value);
}

TEST(SetCookie, InvalidNamesThrow) {
  for (const char* name : {"", "a b", "a;b", "a=b", "a,b", "a\"b", "a\r\nb", "(a)", "\xC3\xA9"})
    EXPECT_THROW(serialize_set_cookie(name, "1"), std::invalid_argument) << name;
  EXPECT_NO_THROW(serialize_set_cookie("__Host-id_1.x!#$%&'*+^`|~", "1"));
}

TEST(SetCookie, InvalidPathsAndDomainsThrow) {
  EXPECT_THROW(serialize_set_cookie("a", "1", {.path = "/; Secure"}), std::invalid_argument);
  EXPECT_THROW(serialize_set_cookie("a", "1", {.path = "/\r\nX: y"}), std::invalid_argument);
  EXPECT_THROW(serialize_set_cookie("a", "1", {.path = std::string("/\0", 2)}),
               std::invalid_argument);
  EXPECT_THROW(serialize_set_cookie("a", "1", {.path = "/\x7f"}), std::invalid_argument);
  EXPECT_THROW(serialize_set_cookie("a", "1", {.domain = "a.com;x"}), std::invalid_argument);
  EXPECT_THROW(serialize_set_cookie("a", "1", {.domain = "a.com\n"}), std::invalid_argument);
  EXPECT_NO_THROW(serialize_set_cookie("a", "1", {.path = "/a b/%20", .domain = ".a.com"}));
}

}  // namespace
}  // namespace spur
