// Content negotiation: what a browser, curl and API clients send.
#include "spur/http/accept.hpp"

#include <gtest/gtest.h>

namespace spur::detail {
namespace {

constexpr std::string_view browser =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8";

TEST(MediaQuality, MostSpecificRangeWins) {
  EXPECT_EQ(media_quality(browser, "text/html"), 1);
  EXPECT_DOUBLE_EQ(media_quality(browser, "application/json"), 0.8);
  EXPECT_DOUBLE_EQ(media_quality("text/*;q=0.3, text/html;q=0.7, */*;q=0.5", "text/html"), 0.7);
  EXPECT_DOUBLE_EQ(media_quality("text/*;q=0.3, */*;q=0.5", "text/plain"), 0.3);
  EXPECT_DOUBLE_EQ(media_quality("TEXT/HTML", "text/html"), 1);
}

TEST(MediaQuality, EmptyAcceptsAllAndUnlistedIsZero) {
  EXPECT_EQ(media_quality("", "application/json"), 1);
  EXPECT_EQ(media_quality("*/*", "application/json"), 1);
  EXPECT_EQ(media_quality("application/json", "text/html"), 0);
}

TEST(MediaQuality, MalformedWeightsRefuse) {
  EXPECT_EQ(media_quality("text/html;q=2", "text/html"), 0);
  EXPECT_EQ(media_quality("text/html;q=abc", "text/html"), 0);
  EXPECT_DOUBLE_EQ(media_quality("text/html ; level=1 ; Q=0.4", "text/html"), 0.4);
  EXPECT_EQ(media_quality(",,;,", "text/html"), 0);
}

TEST(CodingQuality, NamedStarAndIdentity) {
  EXPECT_EQ(coding_quality("gzip, deflate, br", "br"), 1);
  EXPECT_EQ(coding_quality("gzip;q=0", "gzip"), 0);
  EXPECT_DOUBLE_EQ(coding_quality("br;q=0.5, *;q=0.2", "gzip"), 0.2);
  EXPECT_EQ(coding_quality("", "gzip"), 0);
  EXPECT_EQ(coding_quality("", "identity"), 1);
  EXPECT_EQ(coding_quality("*;q=0", "identity"), 0);
}

}  // namespace
}  // namespace spur::detail
