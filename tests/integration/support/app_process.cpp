#include "support/app_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace spur::integration {

AppProcess::AppProcess(std::string binary, std::vector<std::string> flags) {
  std::vector<std::string> args = {std::move(binary), "--port", "0"};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  const pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(out[0]);
    ::close(out[1]);
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) {  // async-signal-safe calls only until exec
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(out[1], 1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  stdout_fd_ = out[0];

  const auto deadline = std::chrono::steady_clock::now() + startup_timeout;
  std::string seen;
  constexpr std::string_view marker = "- Local: http://";
  for (;;) {
    if (const std::size_t at = seen.find(marker); at != std::string::npos) {
      const std::size_t eol = seen.find('\n', at);
      if (eol != std::string::npos) {
        const std::string line = seen.substr(at, eol - at);
        const unsigned long p = std::strtoul(line.c_str() + line.rfind(':') + 1, nullptr, 10);
        if (p > 0 && p < 65536) {
          port_ = static_cast<std::uint16_t>(p);
          return;
        }
        break;
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd pfd{stdout_fd_, POLLIN, 0};
    const int rc = ::poll(&pfd, 1, static_cast<int>(left.count()));
    if (rc <= 0) continue;
    char buf[512];
    const ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    seen.append(buf, static_cast<std::size_t>(n));
  }
  kill_and_reap();
  throw std::runtime_error("starting " + args[0] + " failed; it printed: " + seen);
}

AppProcess::~AppProcess() { kill_and_reap(); }

void AppProcess::kill_and_reap() noexcept {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
}

namespace {

// True when `pid` has a handler installed for `signo` (SigCgt in /proc).
bool catches(pid_t pid, int signo) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("SigCgt:"))
      return (std::strtoull(line.c_str() + 7, nullptr, 16) >> (signo - 1)) & 1u;
  return false;
}

}  // namespace

std::string AppProcess::stop(std::chrono::milliseconds within) {
  if (pid_ <= 0) return "not running";
  const auto deadline = std::chrono::steady_clock::now() + within;
  // The banner is printed before Server::run() installs its handlers.
  while (!catches(pid_, SIGTERM) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(pid_, SIGTERM);
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
      return WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                               : "killed by signal " + std::to_string(WTERMSIG(status));
    }
    if (std::chrono::steady_clock::now() >= deadline) return "still running after SIGTERM";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string AppProcess::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

}  // namespace spur::integration
