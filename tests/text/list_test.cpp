// Comma lists and ASCII helpers: the one copy every layer uses.
#include "spur/text/list.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "spur/text/ascii.hpp"

namespace spur::text {
namespace {

std::vector<std::string> elements(std::string_view list) {
  std::vector<std::string> out;
  for_each_list_element(list, [&](std::string_view e) {
    out.emplace_back(e);
    return true;
  });
  return out;
}

TEST(List, ElementsTrimmedEmptyOnesSkipped) {
  EXPECT_EQ(elements("a, b ,\tc"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(elements(" , ,a,,"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(elements(""), std::vector<std::string>{});
  EXPECT_EQ(elements("max-age=0"), (std::vector<std::string>{"max-age=0"}));
}

TEST(List, StopsWhenTheCallbackSaysSo) {
  int seen = 0;
  EXPECT_FALSE(for_each_list_element("a,b,c", [&](std::string_view e) {
    ++seen;
    return e != "b";
  }));
  EXPECT_EQ(seen, 2);
}

TEST(List, HasTokenIgnoresCaseAndArguments) {
  EXPECT_TRUE(list_has_token("no-cache, no-transform", "No-Transform"));
  EXPECT_TRUE(list_has_token("max-age=0, private", "max-age"));
  EXPECT_FALSE(list_has_token("no-cache", "no"));
  EXPECT_FALSE(list_has_token("", "a"));
  EXPECT_TRUE(list_has_token("Origin, Accept-Encoding", "accept-encoding"));
}

TEST(Ascii, CaseTrimAndHex) {
  static_assert(iequals("Content-Type", "content-TYPE"));
  static_assert(!iequals("a", "ab"));
  static_assert(istarts_with("Image/PNG", "image/"));
  static_assert(trim(" \t a b \t") == "a b");
  static_assert(hex_value('F') == 15 && hex_value('a') == 10 && hex_value('9') == 9);
  EXPECT_EQ(hex_value('g'), -1);
  EXPECT_EQ(hex_value('/'), -1);
}

}  // namespace
}  // namespace spur::text
