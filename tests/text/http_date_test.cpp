#include "spur/text/http_date.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <ctime>
#include <string>

namespace spur::text {
namespace {

TEST(HttpDate, FormatsImfFixdate) {
  EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(format_http_date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
}

TEST(HttpDate, ParsesImfFixdate) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
}

TEST(HttpDate, RoundTrips) {
  for (std::int64_t t : {0LL, 1LL, 86399LL, 951782400LL, 1700000000LL, 4102444799LL})
    EXPECT_EQ(parse_http_date(format_http_date(t)), t) << t;
}

TEST(HttpDate, RefusesOtherForms) {
  for (const char* bad : {
           "",
           "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850 (obsolete)
           "Sun Nov  6 08:49:37 1994",        // asctime (obsolete)
           "Sun, 06 Nov 1994 08:49:37 UTC",
           "Sun, 06 Nov 1994 08:49:37 GMT ",
           " Sun, 06 Nov 1994 08:49:37 GMT",
           "Sun, 6 Nov 1994 08:49:37 GMT",
           "Sun, 06 nov 1994 08:49:37 GMT",
           "Mon, 06 Nov 1994 08:49:37 GMT",  // wrong weekday
           "Sun, 31 Nov 1994 08:49:37 GMT",  // no such day
           "Sun, 06 Nov 1994 24:00:00 GMT",
           "Sun, 06 Nov 1994 08:60:00 GMT",
           "Sun, 06 Nov 19x4 08:49:37 GMT",
       })
    EXPECT_FALSE(parse_http_date(bad).has_value()) << bad;
}

TEST(HttpDate, NowIsTheCurrentSecond) {
  // The Date header: formatted from tables, never from the C locale.
  const std::int64_t before = std::time(nullptr);
  const std::string now(http_date_now());
  const std::int64_t after = std::time(nullptr);
  EXPECT_TRUE(now == format_http_date(before) || now == format_http_date(after)) << now;
}

}  // namespace
}  // namespace spur::text
