// `spur dev`: the supervisor. Builds the app's development configuration
// (DIR/.spur/dev, SPUR_DEV=ON: one shared object per route file), runs the
// host it makes, watches the app's folders with inotify and, on a change,
// rebuilds with Ninja (only what changed) and sends the host SIGHUP to swap in
// the new route objects. A failed build prints the user's file:line:column and
// message, and hands the errors to the host (spur-dev-errors.txt), whose
// routes for those files answer 500 JSON until fixed. A host that dies is
// reported (with the request it was running) and started again.
#include "dev.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "database_commands.hpp"
#include "editor_support.hpp"
#include "spur/core/env.hpp"
#include "sql_check.hpp"
#include "watcher.hpp"

namespace fs = std::filesystem;

namespace spur::cli {
namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t stop_requested = 0;
void on_stop(int) { stop_requested = 1; }

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Runs `args`, its stdout and stderr captured into `output`; the exit code.
int run_captured(const std::vector<std::string>& args, std::string& output) {
  int fds[2];
  if (pipe(fds) != 0) return 1;
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    execvp(argv[0], argv.data());
    std::perror(argv[0]);
    _exit(127);
  }
  close(fds[1]);
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    output.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

struct BuildError {
  std::string file, line, column, message;
};

// `<DIR>/<file>:<line>:<col>: error: <message>` for files of the app, not
// generated ones; each once.
std::vector<BuildError> parse_errors(const std::string& output, const fs::path& dir) {
  static const std::regex line_re(R"(^(.+?):(\d+):(\d+): (?:fatal )?error: (.*)$)");
  std::vector<BuildError> out;
  const std::string prefix = dir.string() + "/";
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, line_re)) continue;
    std::string file = fs::path(m[1].str()).lexically_normal().string();
    if (file.rfind(prefix, 0) != 0) continue;
    file = file.substr(prefix.size());
    if (file.rfind(".spur/", 0) == 0) continue;
    bool seen = false;
    for (const BuildError& e : out) seen = seen || (e.file == file && e.line == m[2].str());
    if (!seen) out.push_back({file, m[2], m[3], m[4]});
  }
  return out;
}

class Session {
 public:
  Session(fs::path dir, std::vector<std::string> host_flags, fs::path package_dir)
      : dir_(std::move(dir)),
        build_dir_(dir_ / ".spur" / "dev"),
        host_flags_(std::move(host_flags)),
        package_dir_(std::move(package_dir)) {}

  // Configures (first time) and builds; writes the error file for the host.
  bool build() {
    std::string output;
    if (!fs::exists(build_dir_ / "build.ninja")) {
      int rc = run_captured(
          {"cmake", "-S", dir_.string(), "-B", build_dir_.string(), "-G", "Ninja",
           "-DCMAKE_BUILD_TYPE=Debug", "-DSPUR_DEV=ON", "-Dspur_DIR=" + package_dir_.string()},
          output);
      if (rc != 0) {
        std::fputs(output.c_str(), stderr);
        return false;
      }
      output.clear();
    }
    // -k 0: one broken route must not keep the others from building.
    const int rc = run_captured({"cmake", "--build", build_dir_.string(), "--", "-k", "0"}, output);
    std::vector<BuildError> errors =
        rc == 0 ? std::vector<BuildError>{} : parse_errors(output, dir_);
    std::ofstream out(build_dir_ / "spur-dev-errors.txt", std::ios::trunc);
    for (const BuildError& e : errors) {
      out << e.file << '\t' << e.line << '\t' << e.column << '\t' << e.message << '\n';
      std::fprintf(stderr, " \u2a2f %s:%s:%s: %s\n", e.file.c_str(), e.line.c_str(),
                   e.column.c_str(), e.message.c_str());
    }
    if (rc != 0 && errors.empty()) std::fputs(output.c_str(), stderr);
    return rc == 0;
  }

  fs::path host_binary() const {
    std::ifstream in(build_dir_ / "spur-app-binary.txt");
    std::string path;
    std::getline(in, path);
    return path;
  }

  // The listening socket is the supervisor's, inherited by each host, so the
  // port (and connections waiting in its backlog) survive a host restart.
  // IPv4 addresses only; otherwise the host binds its own.
  void open_listener() {
    std::string hostname = "0.0.0.0";
    long port = std::getenv("PORT") ? std::strtol(std::getenv("PORT"), nullptr, 10) : 3000;
    for (std::size_t i = 0; i + 1 < host_flags_.size(); ++i) {
      if (host_flags_[i] == "--port" || host_flags_[i] == "-p")
        port = std::strtol(host_flags_[i + 1].c_str(), nullptr, 10);
      if (host_flags_[i] == "--hostname" || host_flags_[i] == "-H") hostname = host_flags_[i + 1];
    }
    if (hostname == "localhost") hostname = "127.0.0.1";
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (port < 0 || port > 65535 || inet_pton(AF_INET, hostname.c_str(), &address.sin_addr) != 1)
      return;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(fd, 1024) != 0) {
      if (fd >= 0) close(fd);
      return;  // the host reports the error when it binds
    }
    listen_fd_ = fd;
  }

  bool start_host() {
    const fs::path binary = host_binary();
    if (binary.empty() || !fs::exists(binary)) {
      std::fprintf(stderr, "spur: the dev build made no server\n");
      return false;
    }
    std::error_code ec;
    host_mtime_ = fs::last_write_time(binary, ec);
    int fds[2];
    if (pipe(fds) != 0) return false;
    std::vector<std::string> args{binary.string()};
    args.insert(args.end(), host_flags_.begin(), host_flags_.end());
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    host_ = fork();
    if (host_ == 0) {
      dup2(fds[1], 2);
      close(fds[0]);
      close(fds[1]);
      setenv("SPUR_DEV_MANIFEST", (build_dir_ / "spur-dev-manifest.txt").c_str(), 1);
      if (listen_fd_ >= 0) setenv("SPUR_DEV_LISTEN_FD", std::to_string(listen_fd_).c_str(), 1);
      execv(argv[0], argv.data());
      std::perror(argv[0]);
      _exit(127);
    }
    close(fds[1]);
    if (host_err_ >= 0) close(host_err_);
    host_err_ = fds[0];
    return host_ > 0;
  }

  // The host's stderr: request markers are remembered, the rest passed on.
  void read_host_stderr() {
    char buf[4096];
    ssize_t n = read(host_err_, buf, sizeof buf);
    if (n <= 0) return;
    pending_.append(buf, static_cast<std::size_t>(n));
    for (std::size_t eol; (eol = pending_.find('\n')) != std::string::npos;) {
      std::string line = pending_.substr(0, eol);
      pending_.erase(0, eol + 1);
      static const std::string marker = "[spur-dev] request ";
      if (line.rfind(marker, 0) == 0)
        last_request_ = line.substr(marker.size());
      else
        std::fprintf(stderr, "%s\n", line.c_str());
    }
  }

  // Restarts a host that died; true while the session goes on.
  void check_host() {
    if (host_ <= 0) return;
    int status = 0;
    if (waitpid(host_, &status, WNOHANG) != host_) return;
    while (host_err_ >= 0 && poll_one(host_err_, 0)) {
      const std::size_t before = pending_.size();
      read_host_stderr();
      if (pending_.size() == before) break;
    }
    host_ = -1;
    if (WIFSIGNALED(status))
      std::fprintf(stderr, " \u2a2f The server crashed (%s)%s%s; restarting it\n",
                   strsignal(WTERMSIG(status)), last_request_.empty() ? "" : " while handling ",
                   last_request_.c_str());
    else if (WEXITSTATUS(status) == 1) {
      // It refused to start (the environment, a route's load): starting it
      // again would fail again until something changes.
      std::fprintf(stderr, " \u2a2f The server could not start; waiting for a change\n");
      return;
    } else
      std::fprintf(stderr, " \u2a2f The server exited with %d; restarting it\n",
                   WEXITSTATUS(status));
    start_host();
  }

  // Swaps in the rebuilt routes, or starts a new host when it was relinked,
  // the environment changed (`restart`) or it is not running.
  void reload(bool restart) {
    const fs::path binary = host_binary();
    std::error_code ec;
    const bool relinked = fs::last_write_time(binary, ec) != host_mtime_;
    if (host_ > 0 && !relinked && !restart) {
      kill(host_, SIGHUP);
      return;
    }
    if (host_ > 0) {
      kill(host_, SIGTERM);
      int status = 0;
      waitpid(host_, &status, 0);
      host_ = -1;
      // Shared code (lib/) changed: the host itself was relinked.
      if (!restart) std::fprintf(stderr, " \u25cb Shared code changed; restarting the server\n");
    }
    start_host();
  }

  void stop() {
    if (host_ > 0) {
      kill(host_, SIGTERM);
      int status = 0;
      waitpid(host_, &status, 0);
    }
  }

  int host_err() const { return host_err_; }

  static bool poll_one(int fd, int timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    return poll(&p, 1, timeout_ms) > 0 && (p.revents & (POLLIN | POLLHUP)) != 0;
  }

 private:
  fs::path dir_, build_dir_;
  std::vector<std::string> host_flags_;
  fs::path package_dir_;
  pid_t host_ = -1;
  int host_err_ = -1;
  int listen_fd_ = -1;
  fs::file_time_type host_mtime_;
  std::string pending_, last_request_;
};

// A .env file changed: what the files set is read again (the real
// environment stays) for the server started next.
void reload_env(const fs::path& dir) {
  spur::forget_env_files();
  const std::vector<std::string> files =
      spur::load_env_files(dir.string(), spur::env_mode("development"));
  std::string list;
  for (const std::string& f : files) list += (list.empty() ? "" : ", ") + f;
  std::fprintf(stderr, " \u25cb Environment changed (%s); restarting the server\n",
               list.empty() ? "no .env files" : list.c_str());
}

}  // namespace

int dev(const fs::path& dir, const std::vector<std::string>& server_flags,
        const fs::path& package_dir) {
  const auto started = Clock::now();
  std::vector<std::string> flags{"--workers", "1"};
  flags.insert(flags.end(), server_flags.begin(), server_flags.end());
  Session session(dir, flags, package_dir);
  Watcher watcher(dir);
  std::signal(SIGINT, on_stop);
  std::signal(SIGTERM, on_stop);
  std::signal(SIGPIPE, SIG_IGN);

  apply_migrations(dir);  // a failure is reported; the routes still serve
  check_app_sql(dir);     // so is SQL that does not fit the schema
  std::fprintf(stderr, " \u25cb Compiling %s ...\n", dir.c_str());
  if (!session.build() && session.host_binary().empty()) return 1;
  session.open_listener();
  if (!session.start_host()) return 1;
  std::fprintf(stderr, " \u2713 Dev build and server in %.0fms; watching for changes (%s)\n",
               ms_since(started), watcher.mode());

  // Polling checks the files on this period; inotify wakes the loop at once.
  constexpr int tick_ms = 250;
  while (!stop_requested) {
    pollfd fds[2] = {{watcher.fd(), POLLIN, 0}, {session.host_err(), POLLIN, 0}};
    const int n = poll(fds, 2, tick_ms);
    if (n > 0 && (fds[1].revents & (POLLIN | POLLHUP))) session.read_host_stderr();
    session.check_host();
    const bool woken = watcher.polling() || (n > 0 && (fds[0].revents & POLLIN));
    if (!woken || !watcher.changed()) continue;
    // Debounce: editors write in several steps; wait for 50 ms without a
    // relevant change (others, e.g. a log file in the app folder, do not count).
    for (auto quiet = Clock::now() + std::chrono::milliseconds(50);;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(quiet - Clock::now()).count();
      if (left <= 0) break;
      if (watcher.polling())
        poll(nullptr, 0, static_cast<int>(left));
      else if (!Session::poll_one(watcher.fd(), static_cast<int>(left)))
        break;
      if (watcher.changed()) quiet = Clock::now() + std::chrono::milliseconds(50);
    }
    const auto t = Clock::now();
    const bool env_changed = watcher.take_env_change();
    if (env_changed) reload_env(dir);
    keep_compile_commands(dir);  // a route may have been added or removed
    apply_migrations(dir);       // a migration may have been added or fixed
    check_app_sql(dir);
    std::fprintf(stderr, " \u25cb Compiling ...\n");
    const bool ok = session.build();
    std::fprintf(stderr, " %s in %.0fms\n", ok ? "\u2713 Compiled" : "\u2a2f Failed to compile",
                 ms_since(t));
    session.reload(env_changed);
  }
  session.stop();
  return 0;
}

}  // namespace spur::cli
