// GET: the chat as Server-Sent Events, one `message` event per message with
// its id, so a reconnecting EventSource gets what it missed (Last-Event-ID).
#include <charconv>
#include <spur/route.hpp>

#include "lib/chat.hpp"
using namespace spur;

Response GET(Request& req) {
  return sse(req, [](EventStream& events) -> Async<void> {
    // Joined before the replay, so nothing falls between the two; what the
    // replay already sent is skipped when the room delivers it again.
    Room::Member member = chat::state.room.join(events.writer());
    std::uint64_t last = 0;
    const std::string& resume = events.last_event_id();
    std::from_chars(resume.data(), resume.data() + resume.size(), last);
    if (!resume.empty())
      for (const chat::Message& m : chat::state.since(last)) {
        if (!co_await events.send(m.json, "message", std::to_string(m.id))) co_return;
        last = m.id;
      }
    if (!co_await events.comment("connected")) co_return;
    while (std::optional<std::string> json = co_await member.next(events)) {
      const std::uint64_t id = chat::id_of(*json);
      if (id <= last) continue;
      last = id;
      if (!co_await events.send(*json, "message", std::to_string(id))) co_return;
    }
  });
}
