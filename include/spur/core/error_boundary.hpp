#pragma once
// The single boundary where failures become responses: engine errors and
// exceptions escaping handlers. Bodies are JSON `{"error": "..."}`.
#include <exception>
#include <string>
#include <string_view>

#include "spur/core/error_body.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/task.hpp"

namespace spur::detail {

// Where an exception escaped, and how the app shapes its errors.
struct ErrorContext {
  std::string_view route_file;
  bool dev = false;                     // the 500 carries the message and file
  const ErrorFormat* format = nullptr;  // null: {"error": …}
  std::string_view request_id;
};

// Logs the failure with the request's method and path, and answers a generic
// 500: internal messages never reach the client.
Response internal_error(const Request& request, std::string_view what, const ErrorContext& context);

// `{"error": message}` (or the app's format) with this status.
Response error_response(int status, std::string_view message, const ErrorContext& context);

// The response for an exception escaping a handler: an HttpError's status and
// message, or internal_error() for anything else. In development (`dev`),
// the 500 carries the exception's message and the route file instead.
Response response_for_exception(std::exception_ptr error, const Request& request,
                                const ErrorContext& context = {});

// The task's response, or response_for_exception() for the one it ended with.
Response take_result(Task<Response>& task, const Request& request);

}  // namespace spur::detail
