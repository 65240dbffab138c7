#pragma once
// Dispatch: how a route module answers a request it matched. An App Router
// file answers the methods it exports, HEAD from GET (the server drops the
// body), OPTIONS with Allow, a WebSocket handshake with SOCKET (426 for a plain
// GET when SOCKET is all it has), anything else 405 with Allow; a buffered body
// over RouteConfig::body_size_limit is 413. A Pages Router file's handler
// answers every method itself.
#include <string>
#include <string_view>

#include "spur/app/route_module.hpp"

namespace spur::detail {

// The answer of `module` (its Allow value precomputed as `allow`).
// The common case returns the endpoint's own task: no frame of its own.
Async<Response> answer_route(const RouteModule& module, std::string_view allow, Request& request,
                             const Params& params);

}  // namespace spur::detail
