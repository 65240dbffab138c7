#pragma once
// The example server (spur-engine-example) as a child process: started with
// `--port 0` plus the test's flags, ready once it prints its listening line,
// stopped by signal, and never left behind: SIGKILL by PID in the destructor,
// and PR_SET_PDEATHSIG kills it should the thread that started it (the test's
// main thread) die first.
#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spur::integration {

// Paths configured by CMake.
const char* engine_example_path() noexcept;
const char* curl_path() noexcept;

class ServerProcess {
 public:
  static constexpr std::chrono::milliseconds startup_timeout{10'000};

  // Starts the server; throws std::runtime_error if it does not announce a
  // port within startup_timeout (killing it first).
  explicit ServerProcess(std::vector<std::string> flags = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  pid_t pid() const noexcept { return pid_; }
  // The URL the server printed, e.g. "http://localhost:41234".
  const std::string& announced_url() const noexcept { return announced_; }
  // "http://127.0.0.1:PORT" + path.
  std::string url(std::string_view path) const;

  // Sends `signo` by PID. For SIGTERM and SIGINT it first waits (up to 10 s)
  // until the server has a handler for it: the example prints its listening
  // line before Server::run() installs its handlers, and a signal sent in
  // between would kill it by default action instead of stopping it.
  void send_signal(int signo);
  void terminate() { send_signal(SIGTERM); }
  void interrupt() { send_signal(SIGINT); }
  // True when the process has a handler installed for `signo` (SigCgt).
  bool catches(int signo) const;

  // Waits for the process to exit; returns its wait status (see
  // describe_wait_status), or nullopt if it is still running after `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  bool running();

 private:
  void kill_and_reap() noexcept;

  pid_t pid_ = -1;
  bool reaped_ = false;
  int stdout_fd_ = -1;
  std::uint16_t port_ = 0;
  std::string announced_;
};

// "exited with status 0", "killed by signal 15", ...
std::string describe_wait_status(int status);
// True when `status` is a normal exit with code 0.
bool exited_cleanly(int status) noexcept;

// True when this machine can bind the IPv6 loopback address.
bool ipv6_loopback_available();

}  // namespace spur::integration
