#include "spur/core/log.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>
#include <thread>

#include "spur/text/json_escape.hpp"

namespace spur {

// Lines are handed to one thread that writes them every 100 ms (or at
// 64 KiB), so a request costs an append, not a system call; what is buffered
// is written when the Logger goes.
struct Logger::Writer {
  static constexpr std::size_t flush_bytes = 64 * 1024;

  struct Sink {
    int fd;
    std::string pending;
  };

  Writer(std::size_t max_buffered, int out_fd, int err_fd)
      : max_buffered(max_buffered), out{out_fd, {}}, err{err_fd, {}}, thread([this] { run(); }) {}
  ~Writer() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_one();
    thread.join();
  }

  // `urgent`: written at once rather than within 100 ms (warnings and errors,
  // which may precede a crash).
  void append(Sink& sink, std::string_view line, bool urgent = false) {
    std::lock_guard lock(mutex);
    if (sink.pending.size() + line.size() > max_buffered) {
      ++dropped;  // the reader is behind: never hold more than the budget
      ++unreported;
      return;
    }
    sink.pending += line;
    ++appended;
    if (urgent) flush_requested = true;
    if (urgent || sink.pending.size() >= flush_bytes) wake.notify_one();
  }

  void flush() {
    std::unique_lock lock(mutex);
    const std::uint64_t target = appended;
    flush_requested = true;
    wake.notify_one();
    written.wait(lock, [&] { return written_count >= target || stopping; });
  }

  void run() {
    std::string out_batch, err_batch;
    std::unique_lock lock(mutex);
    for (;;) {
      wake.wait_for(lock, std::chrono::milliseconds(100), [&] {
        return stopping || flush_requested || out.pending.size() >= flush_bytes ||
               err.pending.size() >= flush_bytes;
      });
      flush_requested = false;
      out_batch.swap(out.pending);
      err_batch.swap(err.pending);
      if (unreported > 0 && err_batch.size() < max_buffered) {
        err_batch += "spur: warn: " + std::to_string(unreported) +
                     " log lines dropped: the log's reader is behind\n";
        unreported = 0;
      }
      const std::uint64_t batch_end = appended;
      const bool last = stopping;
      lock.unlock();
      write_all(out.fd, out_batch);
      write_all(err.fd, err_batch);
      out_batch.clear();
      err_batch.clear();
      lock.lock();
      written_count = batch_end;
      written.notify_all();
      if (last) return;
    }
  }

  static void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::write(fd, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // a closed stream must not fail requests
      data.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  const std::size_t max_buffered;
  std::mutex mutex;
  std::condition_variable wake;
  std::condition_variable written;
  Sink out;
  Sink err;
  std::uint64_t dropped = 0;        // lines refused for want of room
  std::uint64_t unreported = 0;     // of those, not yet said on the error stream
  std::uint64_t appended = 0;       // lines handed over
  std::uint64_t written_count = 0;  // lines written
  bool flush_requested = false;
  bool stopping = false;
  std::thread thread;  // last: starts once the rest exists
};

namespace {

constexpr std::string_view level_name(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}

// "2026-11-21T09:30:01.123Z"
void append_utc_now(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  char text[40];
  const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                              tm.tm_sec, static_cast<int>(ms));
  out.append(text, n > 0 ? static_cast<std::size_t>(n) : 0);
}

void append_json_field(std::string& out, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  out.append(",\"").append(name).append("\":");
  text::append_json_string(out, value);
}

std::string dev_line(LogLevel level, std::string_view message, const LogContext& c) {
  std::string line = "spur: ";
  if (level != LogLevel::info) line.append(level_name(level)).append(": ");
  line += message;
  if (!c.method.empty() || !c.route.empty()) {
    line += " (";
    if (!c.method.empty()) line.append(c.method).append(" ").append(c.path);
    if (!c.route.empty()) line.append(c.method.empty() ? "" : ", ").append(c.route);
    if (!c.request_id.empty()) line.append(", ").append(c.request_id);
    line += ')';
  }
  line += '\n';
  return line;
}

std::string json_line(LogLevel level, std::string_view message, const LogContext& c) {
  std::string line = "{\"time\":\"";
  append_utc_now(line);
  line.append("\",\"level\":\"").append(level_name(level)).append("\",\"msg\":");
  text::append_json_string(line, message);
  append_json_field(line, "method", c.method);
  append_json_field(line, "path", c.path);
  append_json_field(line, "route", c.route);
  append_json_field(line, "requestId", c.request_id);
  line += "}\n";
  return line;
}

}  // namespace

Logger::Logger(LogOptions options) : Logger(options, STDOUT_FILENO, STDERR_FILENO) {}

Logger::Logger(LogOptions options, int out_fd, int err_fd)
    : options_(options),
      writer_(std::make_unique<Writer>(options.max_buffered_bytes, out_fd, err_fd)) {}

std::uint64_t Logger::dropped() const noexcept {
  std::lock_guard lock(writer_->mutex);
  return writer_->dropped;
}

Logger::~Logger() = default;

void Logger::log(LogLevel level, std::string_view message, const LogContext& context) {
  if (!enabled(level)) return;
  writer_->append(writer_->err,
                  options_.format == LogFormat::json ? json_line(level, message, context)
                                                     : dev_line(level, message, context),
                  level >= LogLevel::warn);
}

void Logger::write_access(std::string_view line) { writer_->append(writer_->out, line); }

void Logger::flush() { writer_->flush(); }

Logger& default_logger() {
  // Built on first use and kept for the process: it has no settings to get
  // wrong, so there is nothing a first failure could leave broken.
  static Logger logger;
  return logger;
}

}  // namespace spur
