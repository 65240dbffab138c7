#include "http/date.hpp"

#include <ctime>

namespace spur::http {

std::string_view http_date_now() noexcept {
  thread_local time_t cached_second = -1;
  thread_local char text[32];
  thread_local std::size_t length = 0;
  timespec ts{};
  // The coarse clock is a plain memory read in the vDSO; a second's precision is all we need.
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  if (ts.tv_sec != cached_second) {
    cached_second = ts.tv_sec;
    tm parts{};
    gmtime_r(&ts.tv_sec, &parts);
    length = strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
  }
  return {text, length};
}

}  // namespace spur::http
