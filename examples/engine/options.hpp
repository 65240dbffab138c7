#pragma once
// Command-line and environment options shared by Spur's server executables:
// --port/PORT, --hostname/HOSTNAME, --workers, and the engine's limits and
// timeouts (useful for tests that need short ones).
#include <string>

#include "spur/server/server.hpp"

namespace spur::example {

// Fills `out` from the environment, then argv. Returns false with `error`
// set for an unknown flag or a bad value.
bool parse_options(int argc, char** argv, ServerOptions& out, std::string& error);

extern const char* const options_help;

}  // namespace spur::example
