#include "spur/builtins/access_log.hpp"

#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>

#include "spur/text/json_escape.hpp"

namespace spur::detail {
namespace {

// Lines are handed to one writer thread that flushes them every 100 ms (or
// at 64 KiB), so a request costs an append, not a write() system call; what
// is buffered is written when the process exits normally.
class LogWriter {
 public:
  static LogWriter& instance() {
    static LogWriter writer;
    return writer;
  }

  void append(std::string_view line) {
    std::lock_guard lock(mutex_);
    pending_ += line;
    if (pending_.size() >= flush_bytes) wake_.notify_one();
  }

  ~LogWriter() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

 private:
  static constexpr std::size_t flush_bytes = 64 * 1024;

  LogWriter() : thread_([this] { run(); }) {}

  void run() {
    std::string writing;
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait_for(lock, std::chrono::milliseconds(100),
                     [&] { return stopping_ || pending_.size() >= flush_bytes; });
      writing.swap(pending_);
      const bool last = stopping_;
      lock.unlock();
      write_all(writing);
      writing.clear();
      if (last) return;
      lock.lock();
    }
  }

  static void write_all(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::write(STDOUT_FILENO, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // a closed stdout must not fail requests
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::string pending_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest exists
};

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
  if (!r.request_id.empty()) append_field(line, "requestId", r.request_id);
  line += "}\n";
  return line;
}

void write_access_log(AccessLog format, const AccessRecord& record) {
  LogWriter::instance().append(access_log_line(format, record));
}

}  // namespace spur::detail
