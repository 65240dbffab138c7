// UTF-8 validation, whole and split at every byte (as WebSocket text arrives),
// and the WHATWG decoding JavaScript applies.
#include "spur/text/utf8.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace spur::text {
namespace {

TEST(Utf8Validator, WholeAndSplitAnywhere) {
  const std::vector<std::string> valid = {
      "",
      "plain ASCII, long enough for the eight-byte path",
      "\x7F",
      "\xC2\x80",
      "\xDF\xBF",
      "\xE0\xA0\x80",
      "\xED\x9F\xBF",                                  // U+D7FF
      "\xEE\x80\x80",                                  // U+E000
      "\xEF\xBF\xBF",                                  // U+FFFF
      "\xF0\x90\x80\x80",                              // U+10000
      "\xF4\x8F\xBF\xBF",                              // U+10FFFF
      "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5",  // κόσμε
      "Hello-\xC2\xB5@\xC3\x9F\xC3\xB6\xC3\xA4\xC3\xBC\xC3\xA0\xC3\xA1-UTF-8!!",
  };
  const std::vector<std::string> invalid = {
      "\x80",
      "\xBF",
      "\xC0\x80",          // overlong NUL
      "\xC1\xBF",          // overlong
      "\xE0\x80\x80",      // overlong
      "\xE0\x9F\xBF",      // overlong
      "\xED\xA0\x80",      // U+D800
      "\xED\xBF\xBF",      // U+DFFF
      "\xF0\x80\x80\x80",  // overlong
      "\xF0\x8F\xBF\xBF",  // overlong
      "\xF4\x90\x80\x80",  // U+110000
      "\xF5\x80\x80\x80",
      "\xFE",
      "\xFF",
      "\xC2",          // unfinished
      "\xE2\x82",      // unfinished
      "\xF0\x9D\x84",  // unfinished
      "\xC2\x41",      // continuation missing
      "abcdefgh\xC3(ijklmnop",
      "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80"
      "edited",
  };
  for (const auto& s : valid) {
    EXPECT_TRUE(is_valid_utf8(s)) << s;
    for (std::size_t cut = 0; cut <= s.size(); ++cut) {
      Utf8Validator v;
      EXPECT_TRUE(v.feed(s.substr(0, cut)));
      EXPECT_TRUE(v.feed(s.substr(cut)));
      EXPECT_TRUE(v.complete()) << s << " cut " << cut;
    }
  }
  for (const auto& s : invalid) {
    EXPECT_FALSE(is_valid_utf8(s)) << s;
    for (std::size_t cut = 0; cut <= s.size(); ++cut) {
      Utf8Validator v;
      EXPECT_FALSE(v.feed(s.substr(0, cut)) && v.feed(s.substr(cut)) && v.complete())
          << s << " cut " << cut;
    }
  }
}

TEST(Utf8, SanitizeReplacesEachMaximalInvalidSubpart) {
  EXPECT_EQ(sanitize_utf8("ok"), "ok");
  EXPECT_EQ(sanitize_utf8("a\xE2\x82"), "a\xEF\xBF\xBD");  // one cut-short sequence: one U+FFFD
  EXPECT_EQ(sanitize_utf8("\xFF\xFE"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // two bad bytes: two
  EXPECT_EQ(sanitize_utf8("\xE2\x82\xAC"), "\xE2\x82\xAC");          // € unchanged
}

TEST(Utf8, Utf16UnitsAsJavaScriptCountsThem) {
  std::vector<char16_t> units;
  for_each_utf16_unit("a\xF0\x9F\x98\x80", [&](char16_t u) { units.push_back(u); });
  EXPECT_EQ(units, (std::vector<char16_t>{u'a', 0xD83D, 0xDE00}));
}

}  // namespace
}  // namespace spur::text
