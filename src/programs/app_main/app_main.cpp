// The main() of a built app (spur::detail::run_app): the generated table of
// route modules behind App, served by Server with the command line of
// docs/configuration.md.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "spur/app/app.hpp"
#include "spur/app_main/run_app.hpp"
#include "spur/core/env.hpp"
#include "spur/core/typed_env.hpp"
#include "spur/server/options.hpp"
#include "spur/server/server.hpp"

namespace {

// `--routes`: the table, as `spur routes` shows it.
int print_routes() {
  spur::App app(spur_app_routes());
  std::size_t width = 5;
  for (const auto& r : app.routes()) width = std::max(width, r.pattern.size());
  std::printf("%-*s  %-38s  %s\n", static_cast<int>(width), "Route", "Methods", "File");
  for (const auto& r : app.routes())
    std::printf("%-*s  %-38s  %s\n", static_cast<int>(width), r.pattern.c_str(),
                r.methods == "*" ? "(handler: every method)" : r.methods.c_str(), r.file.c_str());
  return 0;
}

}  // namespace

int spur::detail::run_app(int argc, char** argv) {
  const auto started = std::chrono::steady_clock::now();
  spur::CommandLine command_line;
  switch (spur::parse_command_line(argc, argv, "A Spur app: its routes behind an HTTP/1.1 server.",
                                   {.public_dir = true, .print_routes = true}, command_line)) {
    case spur::ParseOutcome::run: break;
    case spur::ParseOutcome::exit_ok: return 0;
    case spur::ParseOutcome::exit_error: return 2;
  }
  if (command_line.print_routes) {
    try {
      return print_routes();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "spur: %s\n", e.what());
      return 1;
    }
  }
  const spur::ServerOptions& options = command_line.server;
  try {
    // As `next start`: the .env files of the folder it runs in (the real
    // environment wins; `spur start` has loaded the app's already).
    const std::vector<std::string> env_files =
        spur::load_env_files(".", spur::env_mode("production"));
    spur::AppOptions app_options = spur_app_options();
    if (command_line.public_dir) app_options.public_dir = *command_line.public_dir;
    app_options.config.log = command_line.log_options(app_options.config.log);
    spur::App app(spur_app_routes(), app_options);
    spur::detail::check_env_at_start();
    spur::ServerOptions server_options = options;
    server_options.body_policy = app.body_policy();
    server_options.log = &app.log();
    spur::Server server(app.handler(), server_options);
    server.start();
    std::string host =
        options.hostname == "0.0.0.0" || options.hostname == "::" ? "localhost" : options.hostname;
    if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    std::printf(
        "  \u25b2 Spur\n  - Local: http://%s:%u\n  - Routes: %zu\n  - Connections: up to %zu\n"
        "  \u2713 Ready in %.0fms\n",
        host.c_str(), server.port(), app.routes().size(), server.max_connections(), ms);
    if (!env_files.empty()) {
      std::string list;
      for (const std::string& f : env_files) list += (list.empty() ? "" : ", ") + f;
      std::printf("  - Environments: %s\n", list.c_str());
    }
    std::fflush(stdout);
    return server.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spur: %s\n", e.what());
    return 1;
  }
}
