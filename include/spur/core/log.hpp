#pragma once
// The logger: one per app, with levels, writing either the dev format
//   spur: warn: payment declined (POST /api/pay, app/api/pay/route.cpp)
// or JSON lines
//   {"time":"2026-12-07T09:30:01.123Z","level":"warn","msg":"payment declined",
//    "method":"POST","path":"/api/pay","route":"app/api/pay/route.cpp","requestId":"…"}
// Lines go to standard error (access lines to standard output) through one
// writer thread, so logging costs a handler an append, never a write(2).
//
//   Response POST(Request& req) {
//     req.log().warn("payment declined");   // carries the request's method, path, id
//   }
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace spur {

enum class LogLevel : std::uint8_t { debug, info, warn, error };
enum class LogFormat : std::uint8_t { dev, json };

struct LogOptions {
  LogFormat format = LogFormat::dev;
  LogLevel level = LogLevel::info;  // lines below it are dropped
  // Bytes waiting for the writer, per stream: when whoever reads the log
  // stalls (a full pipe), further lines are dropped and counted rather than
  // held; a line saying how many follows once writing resumes.
  std::size_t max_buffered_bytes = 8 * 1024 * 1024;
};

// Where a line comes from; every part may be empty.
struct LogContext {
  std::string_view method;
  std::string_view path;
  std::string_view route;  // the route file that answered
  std::string_view request_id;
};

class Logger final {
 public:
  explicit Logger(LogOptions options = {});
  // Writing to these descriptors instead of standard output and error.
  Logger(LogOptions options, int out_fd, int err_fd);
  // Writes what is still buffered.
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void log(LogLevel level, std::string_view message, const LogContext& context = {});
  void debug(std::string_view message, const LogContext& context = {}) {
    log(LogLevel::debug, message, context);
  }
  void info(std::string_view message, const LogContext& context = {}) {
    log(LogLevel::info, message, context);
  }
  void warn(std::string_view message, const LogContext& context = {}) {
    log(LogLevel::warn, message, context);
  }
  void error(std::string_view message, const LogContext& context = {}) {
    log(LogLevel::error, message, context);
  }
  bool enabled(LogLevel level) const noexcept { return level >= options_.level; }
  const LogOptions& options() const noexcept { return options_; }

  // A finished line (newline included) for standard output: the access log.
  void write_access(std::string_view line);
  // Waits until everything logged so far has been written.
  void flush();
  // Lines dropped so far because the buffer was full.
  std::uint64_t dropped() const noexcept;

 private:
  struct Writer;
  LogOptions options_;
  std::unique_ptr<Writer> writer_;
};

// The process's logger for code that has no app at hand (a request made
// outside an App, the server's own messages before an app is known): dev
// format, info and above.
Logger& default_logger();

// A logger bound to one request: its lines carry the request's method,
// path, route file and id. From Request::log().
class RequestLog final {
 public:
  RequestLog(Logger& logger, LogContext context) noexcept : logger_(logger), context_(context) {}
  void debug(std::string_view message) { logger_.debug(message, context_); }
  void info(std::string_view message) { logger_.info(message, context_); }
  void warn(std::string_view message) { logger_.warn(message, context_); }
  void error(std::string_view message) { logger_.error(message, context_); }
  Logger& logger() noexcept { return logger_; }

 private:
  Logger& logger_;
  LogContext context_;
};

}  // namespace spur
