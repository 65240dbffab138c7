#pragma once
// AppConfig::access_log: one line per request on standard output. Lines are
// whole (never interleaved across workers) and written in batches by one
// thread at most 100 ms after the request.
#include <chrono>
#include <string>
#include <string_view>

#include "spur/config.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"

namespace spur::detail {

struct AccessRecord {
  const Request& request;
  const Response& response;
  std::chrono::steady_clock::duration elapsed;
  std::string_view request_id;  // empty when request ids are off
};

// The line, with its newline: `GET /api/hello 200 in 0.4ms` (dev) or a JSON
// object {"time","method","path","status","ms","bytes","ip","ua"[,"requestId"]}.
std::string access_log_line(AccessLog format, const AccessRecord& record);

void write_access_log(AccessLog format, const AccessRecord& record);

}  // namespace spur::detail
