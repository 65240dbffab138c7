#pragma once
// The one place failures become answers (docs/internals.md, "Errors"). The
// App puts every handler, middleware and built-in inside it; adapters use it
// for what happens after the answer's head has gone out. How an answer looks
// (the app's ErrorFormat, development details) and where the log goes come
// from the request's app (detail::Services), so the server, the test client
// and streams answer and log alike.
#include <exception>
#include <string_view>

#include "spur/core/request.hpp"
#include "spur/core/response.hpp"

namespace spur::detail {

// `{"error": message}` in the app's format (its key, the status and the
// request id when asked for), with this status.
Response error_response(const Request& request, int status, std::string_view message);

// The answer for an exception that escaped a handler, a middleware or a
// built-in: an HttpError's status and message; anything else is logged with
// the request and answered 500 "Internal Server Error", in development with
// the exception's message and the route file (an HTML page for a browser).
Response answer_exception(std::exception_ptr error, const Request& request);

// An exception too late to answer (a streamed body's producer, a WebSocket
// handler): logged with the request and `where`, e.g. "stream".
void log_exception(std::exception_ptr error, const Request& request, std::string_view where);

}  // namespace spur::detail
