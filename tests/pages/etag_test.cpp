// The Pages ETag (Next.js's fnv1a52 over UTF-16 units + length, base 36) and
// the JSON.stringify-compatible writer whose output it hashes.
#include "pages/etag.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "spur/core/json_stringify.hpp"
#include "spur/text/utf8.hpp"

namespace spur::detail::pages {
namespace {

TEST(Etag, HelloFromNextJs) {
  // The value Next.js 16 sent for pages/api/hello.ts (pages_hello_get).
  EXPECT_EQ(etag_for_text(R"({"message":"Hello from Next.js!"})"), R"("x0q7xhtzoxx")");
}

TEST(Etag, RecordedValues) {
  struct Case {
    const char* payload;
    const char* etag;
  };
  for (const Case& c : {
           Case{R"({"users":["John","Jane"]})", R"("hnfl872sfcp")"},
           Case{"plain text", R"("pg63sxj7mta")"},
           Case{"42", R"("145yod55ra52")"},
           Case{R"({"message":"Unauthorized"})", R"("hwxzxeosy8q")"},
           Case{R"({"ok":true})", R"("w6gfy8q1ypb")"},
           Case{"", R"("78p3gz236i0")"},
       }) {
    SCOPED_TRACE(c.payload);
    EXPECT_EQ(etag_for_text(c.payload), c.etag);
  }
}

TEST(Etag, CountsUtf16UnitsLikeJavaScript) {
  // "Jörg ✓" is 6 UTF-16 units (9 UTF-8 bytes); U+1F600 is a surrogate pair.
  EXPECT_EQ(
      etag_for_text(
          R"({"method":"POST","query":{},"body":{"name":"Jörg ✓"},"contentType":"application/json"})"),
      R"("qfhi4siv1b2e")");  // echo_post_json_utf8
  EXPECT_EQ(etag_for_text("\xF0\x9F\x98\x80"), R"("c26v2dkjuu2")");
  EXPECT_EQ(etag_for_text("a\xF0\x9F\x98\x80"
                          "b"),
            R"("ubo0ev8msr4")");
  // An invalid byte counts as the U+FFFD JavaScript would have decoded.
  EXPECT_EQ(etag_for_text("\xFF"), etag_for_text("\xEF\xBF\xBD"));
  EXPECT_EQ(etag_for_text("\xEF\xBF\xBD"), R"("118u4tejvgp1")");
  EXPECT_EQ(etag_for_text(std::string(1000, 'x')), R"("12autwd187zrs")");
}

TEST(Etag, BufferHashesItsJsonForm) {
  // send_buffer: Next.js hashes {"type":"Buffer","data":[114,97,119,...]}.
  EXPECT_EQ(etag_for_bytes("raw bytes"), R"("lmpgz31nj71n")");
  EXPECT_EQ(etag_for_bytes("raw bytes"),
            etag_for_text(R"({"type":"Buffer","data":[114,97,119,32,98,121,116,101,115]})"));
  EXPECT_EQ(etag_for_bytes(std::string("\x00\xFF", 2)),
            etag_for_text(R"({"type":"Buffer","data":[0,255]})"));
}

TEST(Etag, Fnv1a52FoldsTheTopBits) {
  Fnv1a52 empty;
  EXPECT_EQ(empty.value(), 0x29ce484222f9aull);
  EXPECT_EQ(empty.units(), 0u);
  EXPECT_LT(empty.value(), 1ull << 52);
  EXPECT_EQ(to_base36(0), "0");
  EXPECT_EQ(to_base36(35), "z");
  EXPECT_EQ(to_base36(36), "10");
}

std::string js(const boost::json::value& v) { return stringify(v); }
std::string js_string(std::string_view s) { return stringify(boost::json::value(s)); }

TEST(Stringify, NumbersAsJavaScriptWritesThem) {
  struct Case {
    double value;
    const char* text;
  };
  for (const Case& c : {
           Case{1.5, "1.5"},
           Case{100.0, "100"},
           Case{-0.0, "0"},
           Case{0.1, "0.1"},
           Case{0.1 + 0.2, "0.30000000000000004"},
           Case{1e21, "1e+21"},
           Case{123456789012345680000.0, "123456789012345680000"},
           Case{1e-7, "1e-7"},
           Case{0.000001, "0.000001"},
           Case{1.5e-10, "1.5e-10"},
           Case{-2.5e30, "-2.5e+30"},
           Case{5e-324, "5e-324"},
           Case{1.7976931348623157e308, "1.7976931348623157e+308"},
           Case{9007199254740993.0, "9007199254740992"},
           Case{-42.0, "-42"},
       }) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(js(c.value), c.text);
  }
  EXPECT_EQ(js(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(js(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(js(std::int64_t{-9223372036854775807 - 1}), "-9223372036854775808");
  EXPECT_EQ(js(std::uint64_t{18446744073709551615u}), "18446744073709551615");
}

TEST(Stringify, StringsAsJavaScriptEscapesThem) {
  EXPECT_EQ(js("q\"b\\s/"), R"("q\"b\\s/")");
  EXPECT_EQ(js("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(js_string(std::string_view("\x00\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
  EXPECT_EQ(js("Jörg ✓ \xF0\x9F\x98\x80 \xE2\x80\xA8"), "\"Jörg ✓ \xF0\x9F\x98\x80 \xE2\x80\xA8\"");
  EXPECT_EQ(js("bad\xC0\xAFutf8"), "\"bad\xEF\xBF\xBD\xEF\xBF\xBDutf8\"");
}

TEST(Stringify, ContainersCompactInInsertionOrder) {
  boost::json::value v = {
      {"b", 1}, {"a", {1, "two", nullptr, true, false}}, {"c", boost::json::object()}};
  EXPECT_EQ(js(v), R"({"b":1,"a":[1,"two",null,true,false],"c":{}})");
  EXPECT_EQ(js(boost::json::parse(R"({"k":[[],{}],"k2":{"n":-1.25}})")),
            R"({"k":[[],{}],"k2":{"n":-1.25}})");
}

TEST(Utf8, DecoderReplacesMaximalSubparts) {
  // WHATWG: a truncated sequence is one U+FFFD; a bad lead byte is one each.
  EXPECT_EQ(text::sanitize_utf8("a\xE2\x9C"
                                "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(text::sanitize_utf8("\xC0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(text::sanitize_utf8("\xED\xA0\x80"),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(text::sanitize_utf8("\xF4\x90\x80\x80"),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // above U+10FFFF
  EXPECT_EQ(text::sanitize_utf8("\xF0\x9F\x98"), "\xEF\xBF\xBD");
  EXPECT_EQ(text::sanitize_utf8("ok ✓"), "ok ✓");
}

}  // namespace
}  // namespace spur::detail::pages
