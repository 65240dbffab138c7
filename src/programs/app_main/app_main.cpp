// main() of a built app: the generated table of route modules behind App,
// served by Server with the flags and environment of DESIGN §2.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <span>
#include <string>
#include <string_view>

#include "spur/app/app.hpp"
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

int main(int argc, char** argv) {
  const auto started = std::chrono::steady_clock::now();
  if (argc == 2 && std::string_view(argv[1]) == "--routes") {
    try {
      return print_routes();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "spur: %s\n", e.what());
      return 1;
    }
  }
  spur::AppCommandLine command_line;
  std::string error;
  if (!spur::parse_app_command_line(argc, argv, command_line, error)) {
    std::fprintf(stderr, "%s\nusage: %s [options]\n%s%s", error.c_str(), argv[0],
                 spur::server_options_help, spur::app_options_help);
    return 2;
  }
  const spur::ServerOptions& options = command_line.server;
  try {
    spur::AppOptions app_options = spur_app_options();
    if (command_line.public_dir) app_options.public_dir = *command_line.public_dir;
    spur::App app(spur_app_routes(), app_options);
    spur::ServerOptions server_options = options;
    server_options.stream_body = app.body_policy();
    spur::Server server(app.handler(), server_options);
    server.start();
    std::string host =
        options.hostname == "0.0.0.0" || options.hostname == "::" ? "localhost" : options.hostname;
    if (host.find(':') != std::string::npos && host.front() != '[') host = "[" + host + "]";
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    std::printf(
        "  \u25b2 Spur\n  - Local: http://%s:%u\n  - Routes: %zu\n  \u2713 Ready in %.0fms\n",
        host.c_str(), server.port(), app.routes().size(), ms);
    std::fflush(stdout);
    return server.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spur: %s\n", e.what());
    return 1;
  }
}
