// parse_value<T>: path and query text read strictly as a C++ type.
#include "spur/text/parse_value.hpp"

#include <gtest/gtest.h>

#include <cstdint>

namespace spur::text {
namespace {

TEST(ParseValue, IntegersMustBeWholeAndFit) {
  EXPECT_EQ(parse_value<int>("42"), 42);
  EXPECT_EQ(parse_value<int>("-7"), -7);
  EXPECT_EQ(parse_value<std::int64_t>("9223372036854775807"), INT64_MAX);
  for (const char* bad : {"", "+5", " 5", "5 ", "5abc", "0x10", "4.0", "1e3", "--1"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(parse_value<int>(bad));
  }
  EXPECT_FALSE(parse_value<std::uint8_t>("256"));
  EXPECT_FALSE(parse_value<unsigned>("-1"));
  EXPECT_FALSE(parse_value<std::int64_t>("9223372036854775808"));
}

TEST(ParseValue, FloatingPointMustBeFinite) {
  EXPECT_EQ(parse_value<double>("2.5"), 2.5);
  EXPECT_EQ(parse_value<double>("-1e3"), -1000.0);
  for (const char* bad : {"", "inf", "nan", "1e999", "+1", "1.5x", "1,5"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(parse_value<double>(bad));
  }
}

TEST(ParseValue, BoolsAndStrings) {
  EXPECT_EQ(parse_value<bool>("true"), true);
  EXPECT_EQ(parse_value<bool>("0"), false);
  EXPECT_FALSE(parse_value<bool>("yes"));
  EXPECT_FALSE(parse_value<bool>("True"));
  EXPECT_EQ(parse_value<std::string>("a b"), "a b");
}

TEST(ParseValue, ExpectedValueNamesTheRange) {
  EXPECT_EQ(expected_value<std::uint8_t>(), "an integer from 0 to 255");
  EXPECT_EQ(expected_value<bool>(), "true or false");
  EXPECT_EQ(expected_value<double>(), "a number");
}

}  // namespace
}  // namespace spur::text
