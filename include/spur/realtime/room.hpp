#pragma once
// Fan-out within the process: a Room delivers every message published to it
// to every stream that joined it, on whichever worker each stream runs.
//   spur::Room chat;   // e.g. a global in lib/
//   // POST: chat.publish(json);
//   // GET (SSE):
//   return sse(req, [](EventStream& events) -> Async<void> {
//     Room::Member member = chat.join(events.writer());
//     while (std::optional<std::string> message = co_await member.next(events)) {
//       if (!co_await events.send(*message, "message")) co_return;
//     }
//   });
// A WebSocket joins with chat.join(ws): the room's messages then go straight
// to the socket as text frames, as fast as the client takes them, while the
// handler reads what the client sends:
//   Async<void> SOCKET(WebSocket& ws) {
//     Room::Member member = chat.join(ws);
//     while (std::optional<WebSocketMessage> m = co_await ws.receive()) chat.publish(m->data);
//   }
// A message is stored once, shared by every member's queue. Each member's
// backlog is bounded, by count and by bytes (each message counting 64 bytes
// beside its text): a member that falls further behind is dropped (next()
// answers nullopt, a WebSocket is closed with 1008), so one slow client never
// holds the others back or grows memory without bound. A message larger than
// the byte bound still reaches a member that has nothing else queued.
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "spur/core/async.hpp"
#include "spur/core/stream.hpp"
#include "spur/core/websocket.hpp"
#include "spur/realtime/sse.hpp"

namespace spur {

struct RoomOptions {
  // Messages a member may fall behind by.
  std::size_t max_backlog = 1024;
  // Bytes those messages may hold, per member.
  std::size_t max_backlog_bytes = 1024 * 1024;
};

class Room final {
  struct State;

 public:
  explicit Room(RoomOptions options = {});
  ~Room();
  Room(const Room&) = delete;
  Room& operator=(const Room&) = delete;

  class Member final {
   public:
    Member(Member&&) noexcept;
    Member& operator=(Member&&) noexcept;
    ~Member();  // leaves the room

    // The next message; waits for one (sending heartbeats while it waits),
    // and answers nullopt once the client has gone or the member was dropped.
    Async<std::optional<std::string>> next(EventStream& events);
    // The same for a plain stream (no heartbeats).
    Async<std::optional<std::string>> next(StreamWriter& out);

   private:
    friend class Room;
    struct Queue;
    Member(std::shared_ptr<State> room, std::shared_ptr<Queue> queue);
    std::shared_ptr<State> room_;
    std::shared_ptr<Queue> queue_;
  };

  // Joins with the stream whose producer will call next().
  [[nodiscard]] Member join(StreamWriter& out);
  // Joins a WebSocket: messages are sent to it as they come (no next()); a
  // client that falls too far behind is closed with 1008.
  [[nodiscard]] Member join(WebSocket& ws);
  // Delivers `message` to every member; thread-safe.
  void publish(const std::string& message);
  // Members now in the room.
  std::size_t size() const;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace spur
