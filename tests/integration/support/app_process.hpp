#pragma once
// A built Spur app (an executable from spur_add_app()) as a child process:
// started with `--port 0` plus the test's flags, ready once its banner prints
// `  - Local: http://HOST:PORT`, killed by PID (SIGKILL) in the destructor and
// by PR_SET_PDEATHSIG should the test process die first.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spur::integration {

class AppProcess {
 public:
  static constexpr std::chrono::milliseconds startup_timeout{10'000};

  // Throws std::runtime_error when the app does not print its Local line in
  // time (after killing it).
  AppProcess(std::string binary, std::vector<std::string> flags = {});
  ~AppProcess();
  AppProcess(const AppProcess&) = delete;
  AppProcess& operator=(const AppProcess&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  pid_t pid() const noexcept { return pid_; }
  // "http://127.0.0.1:PORT" + path.
  std::string url(std::string_view path) const;

  // SIGTERM (once the app has installed its handler), then waits up to
  // `within` for the exit. Empty when it exited with status 0, else why not.
  std::string stop(std::chrono::milliseconds within = std::chrono::seconds(15));

 private:
  void kill_and_reap() noexcept;

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace spur::integration
