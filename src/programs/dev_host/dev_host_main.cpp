// The main() of the host process of `spur dev` (spur::detail::run_dev_host). Each route file of the
// app is its own shared object; this process holds the shared code (lib/) and Spur, loads the route
// objects listed in the dev manifest, and serves them through one App behind Server. On SIGHUP it
// reads the manifest again, loads the objects that changed, builds a new App and swaps it in:
// requests already running keep the old generation (and its objects) alive until they finish; the
// listener and open connections are never touched, and the process id stays the same.
//
// Files beside the manifest (written by the `spur dev` supervisor):
//   spur-dev-errors.txt  one compile error per line, "file\tline\tcolumn\tmessage";
//                        the route of that file answers 500 with them as JSON
//                        until the file compiles again.
#include <dlfcn.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "spur/app/app.hpp"
#include "spur/core/access.hpp"
#include "spur/core/dev_error_page.hpp"
#include "spur/core/typed_env.hpp"
#include "spur/core/websocket.hpp"
#include "spur/dev_host/run_dev_host.hpp"
#include "spur/server/options.hpp"
#include "spur/server/server.hpp"

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Objects no generation uses any more, dlclose()d by the reload thread a grace
// period later: the last reference can go on a worker thread whose stack still
// has frames of the object's code to return through (a coroutine's resume
// function that calls its continuation instead of tail-calling it at -O0).
struct Graveyard {
  std::mutex mutex;
  std::vector<std::pair<void*, Clock::time_point>> handles;

  void bury(void* handle) {
    std::lock_guard lock(mutex);
    handles.emplace_back(handle, Clock::now());
  }
  void sweep(std::chrono::seconds grace) {
    std::vector<void*> closing;
    {
      std::lock_guard lock(mutex);
      std::erase_if(handles, [&](const auto& h) {
        if (Clock::now() - h.second < grace) return false;
        closing.push_back(h.first);
        return true;
      });
    }
    for (void* h : closing) dlclose(h);
  }
};

// One loaded route object; handed to the graveyard when the last generation
// using it goes.
struct Library {
  void* handle = nullptr;
  spur::RouteModule (*make)() = nullptr;
  // Shared: a generation kept by a long stream may outlive the DevHost.
  std::shared_ptr<Graveyard> graveyard;
  explicit Library(std::shared_ptr<Graveyard> g) : graveyard(std::move(g)) {}
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
  ~Library() {
    if (handle) graveyard->bury(handle);
  }
};

struct CompileError {
  std::string file, message, source;  // source: lines around the error
  int line = 0, column = 0;
};

// The module of a route that does not compile: every method answers the
// compile error (HTML for a browser, JSON otherwise) until the file compiles.
spur::RouteModule error_module(std::shared_ptr<const CompileError> error) {
  spur::MethodTable table;
  spur::Endpoint answer = [error](spur::Request& request,
                                  const spur::Params&) -> spur::Async<spur::Response> {
    co_return spur::detail::dev_error_response({.error = "Compile error",
                                                .message = error->message,
                                                .file = error->file,
                                                .line = error->line,
                                                .column = error->column,
                                                .source = error->source},
                                               request.header("accept").value_or(""));
  };
  for (const spur::http::Method m : spur::exported_methods)
    if (m != spur::http::Method::head && m != spur::http::Method::options) table.set(m, answer);
  return spur::RouteModule{{}, std::move(table)};
}

// What one App was built from; the App goes first, then the objects.
struct Generation {
  std::vector<std::shared_ptr<Library>> libraries;
  std::vector<std::string> files;
  std::unique_ptr<spur::App> app;
  ~Generation() { app.reset(); }
};

struct Manifest {
  std::string public_dir;
  std::vector<std::pair<std::string, std::string>> routes;  // file, shared object
};

Manifest read_manifest(const fs::path& path) {
  Manifest m;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
    if (cols.size() == 2 && cols[0] == "public") m.public_dir = cols[1];
    if (cols.size() == 3 && cols[0] == "route") m.routes.emplace_back(cols[1], cols[2]);
  }
  return m;
}

// The errors the supervisor wrote; `root` is the app's folder, for excerpts.
std::map<std::string, CompileError> read_errors(const fs::path& path, const fs::path& root) {
  std::map<std::string, CompileError> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
    if (cols.size() < 4 || out.contains(cols[0])) continue;
    CompileError e{cols[0], cols[3], {}, std::atoi(cols[1].c_str()), std::atoi(cols[2].c_str())};
    e.source = spur::detail::source_excerpt((root / e.file).string(), e.line);
    out.emplace(cols[0], std::move(e));
  }
  return out;
}

// The host's generated table has no routes (they are the objects) but holds
// middleware.cpp and spur.config.cpp, built into the host: a change to them
// relinks it, and `spur dev` restarts it.
spur::AppOptions dev_options(std::string public_dir, const spur::CommandLine& command_line) {
  spur::AppOptions options = spur_app_options();
  options.public_dir = std::move(public_dir);
  options.config.log = command_line.log_options(options.config.log);
  options.dev = true;
  return options;
}

class DevHost {
 public:
  DevHost(fs::path manifest, const spur::CommandLine& command_line)
      : manifest_(std::move(manifest)), command_line_(command_line) {}

  // Builds the next generation from the manifest and makes it current.
  void load() {
    const Manifest m = read_manifest(manifest_);
    const auto errors = read_errors(manifest_.parent_path() / "spur-dev-errors.txt",
                                    fs::path(m.public_dir).parent_path());
    auto gen = std::make_shared<Generation>();
    std::map<std::string, Cached> cache;
    std::vector<spur::RouteModule> modules;
    for (const auto& [file, object] : m.routes) {
      gen->files.push_back(file);
      if (auto e = errors.find(file); e != errors.end()) {
        modules.push_back(error_module(std::make_shared<const CompileError>(e->second)));
      } else {
        std::shared_ptr<Library> lib = open(object, cache);
        if (!lib) {
          gen->files.pop_back();
          continue;
        }
        gen->libraries.push_back(lib);
        modules.push_back(lib->make());
      }
      modules.back().file = gen->files.back();
    }
    gen->app = std::make_unique<spur::App>(
        std::move(modules),
        dev_options(command_line_.public_dir.value_or(m.public_dir), command_line_));
    std::lock_guard lock(mutex_);
    cache_ = std::move(cache);
    current_ = std::move(gen);
  }

  std::shared_ptr<const Generation> current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }

  // Closes the objects no generation has used for a while.
  void sweep() { graveyard_->sweep(std::chrono::seconds(5)); }

 private:
  struct Cached {
    fs::file_time_type mtime;
    std::uintmax_t size;
    std::shared_ptr<Library> lib;
  };

  // The object at `path`, reused from the last generation when unchanged. A
  // rebuilt object is copied to a fresh name first: dlopen() of a path it has
  // open already would hand back the old code.
  std::shared_ptr<Library> open(const std::string& path, std::map<std::string, Cached>& next) {
    std::error_code ec;
    const auto mtime = fs::last_write_time(path, ec);
    const auto size = fs::file_size(path, ec);
    if (ec) {
      std::fprintf(stderr, " \u2a2f %s: %s\n", path.c_str(), ec.message().c_str());
      return nullptr;
    }
    {
      std::lock_guard lock(mutex_);
      if (auto it = cache_.find(path);
          it != cache_.end() && it->second.mtime == mtime && it->second.size == size) {
        next.emplace(path, it->second);
        return it->second.lib;
      }
    }
    const fs::path copy = fs::temp_directory_path() / ("spur-dev-" + std::to_string(getpid()) +
                                                       "-" + std::to_string(++serial_) + ".so");
    fs::copy_file(path, copy, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      std::fprintf(stderr, " \u2a2f %s: %s\n", path.c_str(), ec.message().c_str());
      return nullptr;
    }
    auto lib = std::make_shared<Library>(graveyard_);
    lib->handle = dlopen(copy.c_str(), RTLD_NOW | RTLD_LOCAL);
    fs::remove(copy, ec);
    if (!lib->handle) {
      std::fprintf(stderr, " \u2a2f %s\n", dlerror());
      return nullptr;
    }
    lib->make =
        reinterpret_cast<spur::RouteModule (*)()>(dlsym(lib->handle, "spur_dev_route_module"));
    if (!lib->make) {
      std::fprintf(stderr, " \u2a2f %s: no spur_dev_route_module\n", path.c_str());
      return nullptr;
    }
    next.emplace(path, Cached{mtime, size, lib});
    return lib;
  }

  fs::path manifest_;
  const spur::CommandLine& command_line_;
  std::shared_ptr<Graveyard> graveyard_ = std::make_shared<Graveyard>();
  mutable std::mutex mutex_;
  std::shared_ptr<const Generation> current_;
  std::map<std::string, Cached> cache_;
  unsigned serial_ = 0;
};

// A streamed body or a WebSocket runs the route's code after the response is
// returned: it keeps that code's generation loaded until it ends.
void keep_generation(spur::Response& response, const std::shared_ptr<const Generation>& gen) {
  using Access = spur::detail::ResponseAccess;
  if (std::shared_ptr<const spur::StreamBody> body = Access::stream(response))
    response.stream_body([gen, body](spur::StreamWriter& out) { return (*body)(out); });
  if (std::shared_ptr<const spur::detail::WebSocketUpgrade> ws = Access::upgrade(response)) {
    spur::detail::WebSocketUpgrade kept{
        [gen, body = ws](spur::WebSocket& socket) { return body->body(socket); }, ws->options};
    Access::set_upgrade(response,
                        std::make_shared<const spur::detail::WebSocketUpgrade>(std::move(kept)));
  }
}

// One request on the generation current when it arrived; logged when done.
spur::Async<spur::Response> serve(const DevHost* host, spur::Request& request) {
  std::shared_ptr<const Generation> gen = host->current();
  const auto started = Clock::now();
  std::string line = std::string(request.method()) + " " + std::string(request.target());
  // Written first, so that if this request crashes the process the supervisor
  // can say which one it was.
  std::fprintf(stderr, "[spur-dev] request %s\n", line.c_str());
  spur::Response response = co_await gen->app->handle(request);
  std::printf(" %s %d in %.1fms\n", line.c_str(), response.status(), ms_since(started));
  std::fflush(stdout);
  keep_generation(response, gen);
  co_return response;
}

fs::path default_manifest() {
  if (const char* env = std::getenv("SPUR_DEV_MANIFEST")) return env;
  std::error_code ec;
  return fs::read_symlink("/proc/self/exe", ec).parent_path() / "spur-dev-manifest.txt";
}

}  // namespace

int spur::detail::run_dev_host(int argc, char** argv) {
  const auto started = Clock::now();
  spur::CommandLine command_line;
  switch (spur::parse_command_line(argc, argv,
                                   "The server of `spur dev`: route objects, reloaded on SIGHUP.",
                                   {.public_dir = true}, command_line)) {
    case spur::ParseOutcome::run: break;
    case spur::ParseOutcome::exit_ok: return 0;
    case spur::ParseOutcome::exit_error: return 2;
  }
  // SIGHUP is taken by the reload thread alone (every thread inherits the mask).
  sigset_t hup;
  sigemptyset(&hup);
  sigaddset(&hup, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &hup, nullptr);
  std::setvbuf(stderr, nullptr, _IOLBF, 0);
  try {
    DevHost host(default_manifest(), command_line);
    host.load();
    spur::detail::check_env_at_start();
    spur::ServerOptions options = command_line.server;
    // The listening socket of `spur dev`'s supervisor, which outlives this process.
    if (const char* fd = std::getenv("SPUR_DEV_LISTEN_FD")) options.listen_fd = std::atoi(fd);
    options.body_policy = [&host](const spur::http::RequestHead& head) {
      return host.current()->app->body_policy()(head);
    };
    spur::Server server([&host](spur::Request& r) { return serve(&host, r); }, options);
    server.start();
    std::string name =
        options.hostname == "0.0.0.0" || options.hostname == "::" ? "localhost" : options.hostname;
    std::printf("  \u25b2 Spur (dev)\n  - Local: http://%s:%u\n  - Routes: %zu\n", name.c_str(),
                server.port(), host.current()->app->routes().size());
    for (const auto& r : host.current()->app->routes())
      std::printf("      %-28s %s\n", r.pattern.c_str(), r.file.c_str());
    std::printf("  \u2713 Ready in %.0fms (pid %d)\n", ms_since(started),
                static_cast<int>(getpid()));
    std::fflush(stdout);

    std::atomic<bool> stopping{false};
    std::thread reloader([&] {
      for (;;) {
        const timespec second{1, 0};
        const int sig = sigtimedwait(&hup, nullptr, &second);
        if (stopping) return;
        host.sweep();
        if (sig != SIGHUP) continue;
        const auto t = Clock::now();
        try {
          host.load();
          std::printf("  \u2713 Reloaded %zu routes in %.0fms\n",
                      host.current()->app->routes().size(), ms_since(t));
        } catch (const std::exception& e) {
          std::printf("  \u2a2f Reload failed: %s\n", e.what());
        }
        std::fflush(stdout);
      }
    });
    const int rc = server.run();
    stopping = true;
    pthread_kill(reloader.native_handle(), SIGHUP);
    reloader.join();
    return rc;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spur: %s\n", e.what());
    return 1;
  }
}
