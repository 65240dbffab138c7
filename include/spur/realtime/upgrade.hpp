#pragma once
// The WebSocket handshake (RFC 6455 §4.2): is_websocket_request() and the
// upgrade() a GET handler returns to accept one, e.g. after checking a token:
//   Response GET(Request& req) {
//     if (!authorized(req)) return Response::json({{"error", "Unauthorized"}}, 401);
//     return upgrade(req, [](WebSocket& ws) -> Async<void> { … });
//   }
// A route that exports SOCKET gets the same handshake without writing a GET.
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/websocket.hpp"

namespace spur {

// Whether `req` asks for a WebSocket (an Upgrade field naming "websocket").
bool is_websocket_request(const Request& req) noexcept;

// The answer to a WebSocket handshake: 101 Switching Protocols, after which
// the server runs `body` on the connection; or, when `req` is not a valid
// handshake, 400 (426 for a missing or unsupported version) saying why.
Response upgrade(const Request& req, WebSocketBody body, const WebSocketOptions& options = {});

}  // namespace spur
