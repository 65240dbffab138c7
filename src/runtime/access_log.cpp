#include "runtime/access_log.hpp"

#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstdio>
#include <ctime>

namespace spur::detail {
namespace {

// "2026-11-21T09:30:01.123Z"
std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

std::string access_log_line(AccessLog format, const AccessRecord& r) {
  const double ms = std::chrono::duration<double, std::milli>(r.elapsed).count();
  if (format == AccessLog::dev) {
    char timing[32];
    std::snprintf(timing, sizeof timing, " in %.1fms\n", ms);
    std::string line(r.request.method());
    line.append(" ").append(r.request.target()).append(" ");
    line.append(std::to_string(r.response.status())).append(timing);
    return line;
  }
  boost::json::object o{{"time", utc_now()},
                        {"method", r.request.method()},
                        {"path", r.request.target()},
                        {"status", r.response.status()},
                        {"ms", static_cast<double>(static_cast<long long>(ms * 1000)) / 1000},
                        {"bytes", r.response.content_length()},
                        {"ip", r.request.client_address()},
                        {"ua", r.request.header("user-agent").value_or("")}};
  if (!r.request_id.empty()) o["requestId"] = r.request_id;
  std::string line = boost::json::serialize(o);
  line += '\n';
  return line;
}

void write_access_log(AccessLog format, const AccessRecord& record) {
  const std::string line = access_log_line(format, record);
  for (std::size_t done = 0; done < line.size();) {
    const ssize_t n = ::write(STDOUT_FILENO, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a closed stdout must not fail requests
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace spur::detail
