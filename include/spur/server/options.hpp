#pragma once
// The command line of every Spur server executable (a built app, `spur dev`'s
// host, examples/engine): --port/PORT, --hostname/HOSTNAME, --workers, the
// engine's limits and timeouts, the log's format and level, and --help and
// --version. Parsed with CLI11
// (docs/configuration.md lists every flag).
#include <optional>
#include <string>
#include <string_view>

#include "spur/server/server.hpp"

namespace spur {

// What a server executable was asked for.
struct CommandLine {
  ServerOptions server;
  // --public-dir DIR (a built app): the folder served as static files,
  // instead of the app's public/ that spur_add_app() recorded at build time.
  std::optional<std::string> public_dir;
  // --routes (a built app): print the route table and exit.
  bool print_routes = false;
  // --log-format dev|json, --log-level debug|info|warn|error (or
  // SPUR_LOG_FORMAT, SPUR_LOG_LEVEL): override the app's AppConfig::log.
  std::optional<LogFormat> log_format;
  std::optional<LogLevel> log_level;
  // `options` with what the command line overrides.
  LogOptions log_options(LogOptions options) const {
    if (log_format) options.format = *log_format;
    if (log_level) options.level = *log_level;
    return options;
  }
};

// What to do after parsing.
enum class ParseOutcome {
  run,         // serve
  exit_ok,     // --help or --version was printed: exit 0
  exit_error,  // the message and the usage were printed to stderr: exit 2
};

// Which flags a program takes beyond the server's.
struct CommandLineFlags {
  bool public_dir = false;    // --public-dir
  bool print_routes = false;  // --routes
};

// Fills `out` from the environment (PORT, HOSTNAME), then argv. `program`
// names the executable in --help; `description` is its first line.
ParseOutcome parse_command_line(int argc, char** argv, std::string_view description,
                                CommandLineFlags flags, CommandLine& out);

// Spur's version, as --version prints it, e.g. "0.1.0".
std::string_view spur_version() noexcept;

}  // namespace spur
