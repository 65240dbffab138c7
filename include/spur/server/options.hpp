#pragma once
// Command-line and environment options of every Spur server executable:
// --port/PORT, --hostname/HOSTNAME, --workers, and the engine's limits and
// timeouts (useful for tests that need short ones).
#include <optional>
#include <string>

#include "spur/server/server.hpp"

namespace spur {

// Fills `out` from the environment, then argv. Returns false with `error`
// set for an unknown flag or a bad value.
bool parse_server_options(int argc, char** argv, ServerOptions& out, std::string& error);

// The flags, one per line, for --help.
extern const char* const server_options_help;

// The command line of a built app (src/modules/app_main.cpp): the server's
// options, plus the app's own.
struct AppCommandLine {
  ServerOptions server;
  // --public-dir DIR: the folder served as static files, instead of the
  // app's public/ that spur_add_app() recorded at build time.
  std::optional<std::string> public_dir;
};

// parse_server_options() that also accepts the app's flags.
bool parse_app_command_line(int argc, char** argv, AppCommandLine& out, std::string& error);

// The app's own flags, one per line, for --help (after server_options_help).
extern const char* const app_options_help;

}  // namespace spur
