#pragma once
// What an error answer looks like. By default {"error": "<message>"}; name the
// key differently, or add the status and the request id, e.g.
//   .errors = ErrorFormat{.message_key = "message", .include_status = true}
//   → {"message":"Not Found","status":404}
#include <string>

namespace spur {

struct ErrorFormat {
  std::string message_key = "error";
  bool include_status = false;      // "status": 404
  bool include_request_id = false;  // "requestId": "…" (with request_id on)
};

}  // namespace spur
