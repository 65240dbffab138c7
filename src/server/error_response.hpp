#pragma once
// The single boundary where failures become responses: engine errors and
// exceptions escaping handlers. Bodies are JSON `{"error": "..."}`.
#include <string>
#include <string_view>

#include "spur/runtime/request.hpp"
#include "spur/runtime/response.hpp"
#include "spur/runtime/task.hpp"

namespace spur::server {

// `{"error":"<message>"}` with the message JSON-escaped.
std::string error_body(std::string_view message);

// Logs the failure with the request's method and path, and answers a generic
// 500: internal messages never reach the client.
Response internal_error(const Request& request, std::string_view what);

// The task's response, or internal_error() for the exception it ended with.
Response take_result(Task<Response>& task, const Request& request);

}  // namespace spur::server
