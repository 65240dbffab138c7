#include "access_log.hpp"

#include <cstdio>
#include <ctime>

#include "spur/builtins/builtins.hpp"
#include "spur/text/json_escape.hpp"

namespace spur::detail {
namespace {

// Appends "2026-11-21T09:30:01.123Z"; the part up to the seconds is formatted
// once a second per thread.
void append_utc_now(std::string& out) {
  thread_local std::time_t cached_second = -1;
  thread_local char cached[64];
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  if (t != cached_second) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_second = t;
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  char tail[8];
  std::snprintf(tail, sizeof tail, ".%03dZ", static_cast<int>(ms));
  out.append(cached).append(tail);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(",\"").append(name).append("\":");
  text::append_json_string(out, value);
}

}  // namespace

std::string access_log_line(AccessLog format, const AccessRecord& r) {
  const double ms = std::chrono::duration<double, std::milli>(r.elapsed).count();
  std::string line;
  line.reserve(192);
  if (format == AccessLog::dev) {
    char timing[32];
    std::snprintf(timing, sizeof timing, " in %.1fms\n", ms);
    line.append(r.request.method()).append(" ").append(r.request.target()).append(" ");
    line.append(std::to_string(r.response.status())).append(timing);
    return line;
  }
  line = "{\"time\":\"";
  append_utc_now(line);
  line += '"';
  append_field(line, "method", r.request.method());
  append_field(line, "path", r.request.target());
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, ",\"status\":%d,\"ms\":%.3f,\"bytes\":%llu",
                r.response.status(), ms,
                static_cast<unsigned long long>(r.response.content_length()));
  line.append(numbers);
  append_field(line, "ip", r.request.client_address());
  append_field(line, "ua", r.request.header("user-agent").value_or(""));
  if (!r.request.id().empty()) append_field(line, "requestId", r.request.id());
  line += "}\n";
  return line;
}

}  // namespace spur::detail

namespace spur::builtins {

Middleware access_log(AccessLog format) {
  return [format](Request& req, Next next) -> Async<Response> {
    const auto started = std::chrono::steady_clock::now();
    Response response = co_await next();
    const std::string line = detail::access_log_line(
        format, {req, response, std::chrono::steady_clock::now() - started});
    req.log().logger().write_access(line);
    co_return response;
  };
}

}  // namespace spur::builtins
