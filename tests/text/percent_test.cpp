#include "spur/text/percent.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spur/text/utf8.hpp"

namespace spur::text {
namespace {

struct DecodeCase {
  std::string_view in;
  std::string_view out;
};

constexpr DecodeCase decoded_cases[] = {
    {"plain", "plain"},
    {"", ""},
    {"a%2Fb", "a/b"},  // a '/' inside a parameter stays inside it
    {"a%2fb", "a/b"},  // hex digits in either case
    {"c%20d", "c d"},
    {"a+b", "a+b"},  // '+' is a space only in query strings
    {"J%C3%B6rg", "J\xC3\xB6rg"},
    {"%F0%9F%98%80", "\xF0\x9F\x98\x80"},  // U+1F600, four bytes
    {"%EF%BF%BF", "\xEF\xBF\xBF"},         // U+FFFF
    {"%F4%8F%BF%BF", "\xF4\x8F\xBF\xBF"},  // U+10FFFF, the last code point
    {"%25", "%"},
    {"%2525", "%25"},  // decoded once, not repeatedly
    {"hell%6F", "hello"},
    {"%2e%2e", ".."},
};

TEST(DecodeUriComponent, DecodesLikeDecodeUriComponent) {
  for (const DecodeCase& c : decoded_cases) {
    auto out = decode_uri_component(c.in);
    ASSERT_TRUE(out.has_value()) << c.in;
    EXPECT_EQ(*out, c.out) << c.in;
  }
}

TEST(DecodeUriComponent, NulIsDecodedAsJavaScriptDoes) {
  auto out = decode_uri_component("a%00b");
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, std::string_view("a\0b", 3));
}

struct RejectCase {
  std::string_view name;
  std::string_view in;
};

constexpr RejectCase rejected_cases[] = {
    {"lone_percent", "%"},
    {"percent_and_one_digit", "%4"},
    {"truncated_escape_after_valid_ones", "%E0%A4%A"},
    {"non_hex_digits", "%zz"},
    {"non_hex_second_digit", "%4g"},
    {"percent_at_end", "abc%"},
    {"lone_continuation_byte", "%80"},
    {"invalid_byte_ff", "%FF"},
    {"invalid_lead_f5", "%F5%80%80%80"},
    {"overlong_slash", "%C0%AF"},
    {"overlong_c1", "%C1%BF"},
    {"overlong_three_bytes", "%E0%80%AF"},
    {"overlong_four_bytes", "%F0%80%80%AF"},
    {"utf16_surrogate", "%ED%A0%80"},
    {"above_10ffff", "%F4%90%80%80"},
    {"truncated_sequence", "%C3"},
    {"truncated_four_byte_sequence", "%F0%9F%98"},
    {"lead_followed_by_ascii", "%C3A"},
    {"raw_invalid_byte", "\xFF"},
};

TEST(DecodeUriComponent, RejectsMalformedEscapesAndInvalidUtf8) {
  for (const RejectCase& c : rejected_cases) {
    EXPECT_FALSE(decode_uri_component(c.in).has_value()) << c.name;
  }
}

TEST(DecodeUriComponent, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("ascii"));
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));       // U+0080, the first two-byte code point
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));   // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));   // U+E000, just above them
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));  // U+DFFF, a surrogate
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));      // cut short
}

TEST(FormDecode, LenientLikeBrowsers) {
  EXPECT_EQ(form_decode("hello+world%21"), "hello world!");
  EXPECT_EQ(form_decode("%"), "%");
  EXPECT_EQ(form_decode("100%"), "100%");
  EXPECT_EQ(form_decode("%zz"), "%zz");
  EXPECT_EQ(form_decode("J%C3%B6rg"), "J\xC3\xB6rg");
  EXPECT_EQ(form_decode("%E2%9C%93"), "\xE2\x9C\x93");
  EXPECT_EQ(form_decode("%FF"), "\xEF\xBF\xBD");  // invalid UTF-8 → U+FFFD
}

TEST(ParseUrlencoded, PairsInOrder) {
  auto p = parse_urlencoded("a[]=1&b[c]=2&q=hello+world%21&e=%&z&&a[]=3");
  std::vector<std::pair<std::string, std::string>> want = {
      {"a[]", "1"}, {"b[c]", "2"}, {"q", "hello world!"}, {"e", "%"}, {"z", ""}, {"a[]", "3"}};
  EXPECT_EQ(p, want);
}

}  // namespace
}  // namespace spur::text
