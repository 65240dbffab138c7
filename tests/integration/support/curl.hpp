#pragma once
// Runs the curl found at configure time and captures what it prints.
#include <chrono>
#include <string>
#include <vector>

namespace spur::integration {

struct CurlResult {
  int exit_code = -1;  // curl's exit code; -1 if it did not exit normally
  std::string out;     // stdout
  std::string err;     // stderr (the -v trace goes here)
};

// True when the configured curl exists and is executable.
bool curl_available();

// Runs `curl -q --noproxy '*' --max-time N <args>` (no .curlrc, no proxy from
// the environment). Throws std::runtime_error when curl is missing or does not
// finish within `timeout`.
CurlResult run_curl(const std::vector<std::string>& args,
                    std::chrono::seconds timeout = std::chrono::seconds(30));

}  // namespace spur::integration
