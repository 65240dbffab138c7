#include "spur/text/http_date.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace spur::text {
namespace {

constexpr std::array<std::string_view, 7> day_names = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// The `count` digits at `text[at]`, or -1.
int digits(std::string_view text, std::size_t at, std::size_t count) noexcept {
  int n = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    n = n * 10 + (text[i] - '0');
  }
  return n;
}

// Writes the 29 characters of the IMF-fixdate for `unix_seconds` to `out`;
// names come from the tables above, never from the C locale.
std::size_t write_http_date(char (&out)[40], std::int64_t unix_seconds) noexcept {
  namespace chrono = std::chrono;
  const chrono::sys_seconds t{chrono::seconds(unix_seconds)};
  const chrono::sys_days day = chrono::floor<chrono::days>(t);
  const chrono::year_month_day ymd(day);
  const chrono::hh_mm_ss hms(t - day);
  const int n = std::snprintf(
      out, sizeof out, "%s, %02u %s %04d %02d:%02d:%02d GMT",
      day_names[chrono::weekday(day).c_encoding()].data(), static_cast<unsigned>(ymd.day()),
      month_names[static_cast<unsigned>(ymd.month()) - 1].data(), static_cast<int>(ymd.year()),
      static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
      static_cast<int>(hms.seconds().count()));
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

}  // namespace

std::string_view http_date_now() noexcept {
  thread_local time_t cached_second = -1;
  thread_local char text[40];
  thread_local std::size_t length = 0;
  timespec ts{};
  // The coarse clock is a plain memory read in the vDSO; a second's precision is all we need.
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  if (ts.tv_sec != cached_second) {
    cached_second = ts.tv_sec;
    length = write_http_date(text, ts.tv_sec);
  }
  return {text, length};
}

std::string format_http_date(std::int64_t unix_seconds) {
  char text[40];
  return std::string(text, write_http_date(text, unix_seconds));
}

std::optional<std::int64_t> parse_http_date(std::string_view text) noexcept {
  namespace chrono = std::chrono;
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed length, fixed separators.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT")
    return std::nullopt;
  std::size_t weekday = 0;
  while (weekday < day_names.size() && day_names[weekday] != text.substr(0, 3)) ++weekday;
  std::size_t month = 0;
  while (month < month_names.size() && month_names[month] != text.substr(8, 3)) ++month;
  const int day = digits(text, 5, 2), year = digits(text, 12, 4);
  const int hour = digits(text, 17, 2), minute = digits(text, 20, 2), second = digits(text, 23, 2);
  if (weekday == day_names.size() || month == month_names.size() || day < 0 || year < 0 ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60)
    return std::nullopt;
  const chrono::year_month_day ymd{chrono::year(year),
                                   chrono::month(static_cast<unsigned>(month) + 1),
                                   chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  const chrono::sys_days days(ymd);
  if (chrono::weekday(days).c_encoding() != weekday) return std::nullopt;
  return static_cast<std::int64_t>(days.time_since_epoch() / chrono::days(1)) * 86400 +
         hour * 3600 + minute * 60 + second;
}

}  // namespace spur::text
