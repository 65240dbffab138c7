// The chat over a WebSocket: every message (from here, another socket, or a
// POST) arrives as a text frame of its JSON; a text frame {"user","text"}
// sends one. A malformed frame gets {"error": …} back, to this client only.
#include <spur/route.hpp>

#include "lib/chat.hpp"
using namespace spur;

const RouteConfig config{.websocket = {.max_message_bytes = 16_KB}};

Async<void> SOCKET(WebSocket& ws) {
  Room::Member member = chat::state.room.join(ws);  // the room's messages go straight out
  while (std::optional<WebSocketMessage> m = co_await ws.receive()) {
    const chat::Incoming in = chat::parse_incoming(m->data);
    if (!in.error.empty()) {
      const std::string error = chat::error_json(in.error);
      if (!co_await ws.send(error)) co_return;
      continue;
    }
    chat::state.post(in.user, in.text);
  }
}
