// GET: the latest 50 messages, oldest first. POST {"user","text"}: stores a
// message and broadcasts it to every SSE and WebSocket client; 201 with it.
#include <spur/route.hpp>

#include "lib/chat.hpp"
using namespace spur;

Response GET() {
  std::string body = "[";
  for (const chat::Message& m : chat::state.since(0, 50)) {
    if (body.size() > 1) body += ',';
    body += m.json;
  }
  body += ']';
  return Response::json_text(std::move(body)).set_header("Cache-Control", "no-store");
}

Response POST(Request& req) {
  const chat::Incoming in = chat::parse_incoming(req.json());  // malformed JSON: 400
  if (!in.error.empty()) return Response::json({{"error", in.error}}, 400);
  return Response::json_text(chat::state.post(in.user, in.text), 201);
}
