#pragma once
// Settings of a WebSocket route (see websocket.hpp), e.g. in its route file:
//   const RouteConfig config{.websocket = {.max_message_bytes = 64_KB}};
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace spur {

struct WebSocketOptions {
  // Largest message, fragments together; a larger one closes the connection
  // with 1009 before its payload is read.
  std::size_t max_message_bytes = 1024 * 1024;
  // Received messages the handler has not taken yet may hold this many bytes
  // before the server stops reading from the client (TCP then slows it down).
  std::size_t max_buffered_bytes = 4 * 1024 * 1024;
  // After this long without a byte from the client the server pings it, and
  // closes the connection if another interval passes in silence. 0: never.
  std::chrono::milliseconds ping_interval = std::chrono::seconds(30);
  // Subprotocols the route speaks, preferred first; the first one the client
  // also offers (Sec-WebSocket-Protocol) is chosen. Empty: none.
  std::vector<std::string> protocols;
  // Origins whose pages may open the socket, e.g. "https://app.example.com";
  // "*" allows any. Empty: the request's own origin (Origin matching Host)
  // and the origins listed in the app's Cors. Browsers send cookies with a
  // WebSocket handshake and apply no CORS to it, so without this check any
  // site could open an authenticated socket as its visitor. Requests without
  // Origin (not from a browser) are allowed. A refused one answers 403.
  std::vector<std::string> allowed_origins;
};

}  // namespace spur
