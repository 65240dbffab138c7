#include "support/server_process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace spur::integration {
namespace {
using clock = std::chrono::steady_clock;
}  // namespace

const char* engine_example_path() noexcept { return SPUR_ENGINE_EXAMPLE_PATH; }
const char* curl_path() noexcept { return SPUR_CURL_PATH; }

ServerProcess::ServerProcess(std::vector<std::string> flags) {
  std::vector<std::string> args = {engine_example_path(), "--port", "0"};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();

  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(out[0]);
    ::close(out[1]);
    if (devnull >= 0) ::close(devnull);
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) {
    // Child: only async-signal-safe calls until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test process
    if (::getppid() != parent) ::_exit(127);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(out[1], 1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  if (devnull >= 0) ::close(devnull);
  stdout_fd_ = out[0];

  // Read stdout until the listening line.
  const auto deadline = clock::now() + startup_timeout;
  std::string seen;
  std::string failure;
  for (;;) {
    std::size_t nl = seen.find('\n');
    if (nl != std::string::npos) {
      std::string line = seen.substr(0, nl);
      constexpr std::string_view prefix = "spur: listening on ";
      std::size_t colon = line.rfind(':');
      if (line.starts_with(prefix) && colon != std::string::npos) {
        unsigned long p = std::strtoul(line.c_str() + colon + 1, nullptr, 10);
        if (p > 0 && p < 65536) {
          port_ = static_cast<std::uint16_t>(p);
          announced_ = line.substr(prefix.size());
          return;
        }
      }
      failure = "unexpected first line on stdout: " + line;
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    if (left.count() <= 0) {
      failure = "no listening line within " + std::to_string(startup_timeout.count()) + " ms";
      break;
    }
    pollfd p{stdout_fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) continue;
    char buf[512];
    ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failure = "server closed stdout before listening";
      if (auto st = wait_exit(std::chrono::seconds(2)))
        failure += " (" + describe_wait_status(*st) + ")";
      break;
    }
    seen.append(buf, static_cast<std::size_t>(n));
  }
  kill_and_reap();
  throw std::runtime_error("starting " + std::string(engine_example_path()) +
                           " failed: " + failure);
}

ServerProcess::~ServerProcess() { kill_and_reap(); }

void ServerProcess::kill_and_reap() noexcept {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    int status;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
}

std::string ServerProcess::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

bool ServerProcess::catches(int signo) const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (!line.starts_with("SigCgt:")) continue;
    unsigned long long mask = std::strtoull(line.c_str() + 7, nullptr, 16);
    return (mask >> (signo - 1)) & 1u;
  }
  return false;
}

void ServerProcess::send_signal(int signo) {
  if (pid_ <= 0 || reaped_) throw std::runtime_error("server process is not running");
  if (signo == SIGTERM || signo == SIGINT) {
    const auto deadline = clock::now() + std::chrono::seconds(10);
    while (!catches(signo)) {
      if (clock::now() >= deadline)
        throw std::runtime_error("the server never installed a handler for signal " +
                                 std::to_string(signo));
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  if (::kill(pid_, signo) != 0) throw std::runtime_error("kill failed");
}

std::optional<int> ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (reaped_) throw std::runtime_error("server process already reaped");
  const auto deadline = clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      return status;
    }
    if (r < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
    if (clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool ServerProcess::running() {
  if (reaped_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    reaped_ = true;
    return false;
  }
  return true;
}

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  return "wait status " + std::to_string(status);
}

bool exited_cleanly(int status) noexcept { return WIFEXITED(status) && WEXITSTATUS(status) == 0; }

bool ipv6_loopback_available() {
  int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  a.sin6_addr = in6addr_loopback;
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

}  // namespace spur::integration
