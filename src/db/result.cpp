#include "spur/db/result.hpp"

#include <charconv>
#include <chrono>

#include "spur/db/error.hpp"

namespace spur::db::detail {
namespace {

std::string_view kind_of(const Value& cell) noexcept {
  switch (cell.index()) {
    case 0: return "NULL";
    case 1: return "an integer";
    case 2: return "a real number";
    case 3: return "text";
    default: return "bytes";
  }
}

// Reads `n` digits at `at` into `out`; false when they are not all digits.
bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) noexcept {
  if (at + n > s.size()) return false;
  const auto [end, ec] = std::from_chars(s.data() + at, s.data() + at + n, out);
  return ec == std::errc() && end == s.data() + at + n;
}

}  // namespace

void throw_cell_mismatch(std::string_view column, const Value& cell, std::string_view wanted) {
  throw Failure("db: column '" + std::string(column) + "' holds " + std::string(kind_of(cell)) +
                ", not " + std::string(wanted));
}

void throw_missing_column(std::string_view member) {
  throw Failure("db: the query's result has no column '" + std::string(member) +
                "' (select it, or make the member std::optional)");
}

std::optional<std::size_t> column_index(const Result& result, std::string_view name) noexcept {
  for (std::size_t i = 0; i < result.columns.size(); ++i)
    if (result.columns[i] == name) return i;
  return std::nullopt;
}

std::optional<Timestamp> parse_timestamp(std::string_view s) noexcept {
  // YYYY-MM-DD[ T]HH:MM:SS[.fff…][Z]
  int y, mo, d, h, mi, sec;
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') ||
      s[13] != ':' || s[16] != ':' || !digits(s, 0, 4, y) || !digits(s, 5, 2, mo) ||
      !digits(s, 8, 2, d) || !digits(s, 11, 2, h) || !digits(s, 14, 2, mi) ||
      !digits(s, 17, 2, sec))
    return std::nullopt;
  std::size_t at = 19;
  int millis = 0;
  if (at < s.size() && s[at] == '.') {
    ++at;
    int scale = 100;
    const std::size_t start = at;
    for (; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at) {
      millis += (s[at] - '0') * scale;
      scale /= 10;
    }
    if (at == start) return std::nullopt;
  }
  if (at < s.size() && s[at] == 'Z') ++at;
  if (at != s.size()) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(unsigned(mo)),
                                         std::chrono::day(unsigned(d))};
  if (!date.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  return std::chrono::sys_days(date) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(sec) + std::chrono::milliseconds(millis);
}

}  // namespace spur::db::detail
