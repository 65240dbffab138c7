#pragma once
// AppConfig::access_log: one line per request on standard output, through
// the app's logger (whole lines, written in batches by its writer thread).
#include <chrono>
#include <string>
#include <string_view>

#include "spur/builtins/options.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"

namespace spur::detail {

struct AccessRecord {
  const Request& request;
  const Response& response;
  std::chrono::steady_clock::duration elapsed;
};

// The line, with its newline: `GET /api/hello 200 in 0.4ms` (dev) or a JSON
// object {"time","method","path","status","ms","bytes","ip","ua"[,"requestId"]},
// the id being the request's (Request::id()), when it has one.
std::string access_log_line(AccessLog format, const AccessRecord& record);

}  // namespace spur::detail
