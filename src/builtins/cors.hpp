#pragma once
// CORS (the Fetch standard's protocol) for AppConfig::cors: preflights are
// answered here, and actual responses get the Access-Control-* headers.
#include <optional>

#include "spur/builtins/options.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"

namespace spur::detail {

// The 204 answer to a preflight (OPTIONS with Origin and
// Access-Control-Request-Method), or nullopt for any other request. A
// preflight from an origin not allowed gets 204 without Access-Control-*
// headers, so the browser refuses the actual request.
std::optional<Response> cors_preflight(const Cors& cors, const Request& request);

// Adds Access-Control-Allow-Origin (and credentials, exposed headers) to a
// response for an allowed Origin, and `Vary: Origin` whenever the answer
// depends on it.
void add_cors_headers(const Cors& cors, const Request& request, Response& response);

}  // namespace spur::detail
