#pragma once
// Command-line and environment options of every Spur server executable:
// --port/PORT, --hostname/HOSTNAME, --workers, and the engine's limits and
// timeouts (useful for tests that need short ones).
#include <string>

#include "spur/server/server.hpp"

namespace spur {

// Fills `out` from the environment, then argv. Returns false with `error`
// set for an unknown flag or a bad value.
bool parse_server_options(int argc, char** argv, ServerOptions& out, std::string& error);

// The flags, one per line, for --help.
extern const char* const server_options_help;

}  // namespace spur
