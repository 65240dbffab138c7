#pragma once
// Server-Sent Events on top of streamed responses:
//   Response GET(Request& req) {
//     return sse(req, [](EventStream& events) -> Async<void> {
//       // events.last_event_id(): where a reconnecting browser left off
//       for (int n = 1;; ++n) {
//         if (!co_await events.send(std::to_string(n), "tick", std::to_string(n))) co_return;
//         if (!co_await events.sleep(std::chrono::seconds(1))) co_return;  // heartbeats inside
//       }
//     });
//   }
// Each event is written (and flushed) as it is sent; the response is never
// compressed. While the producer sleeps, a comment line goes out every
// `heartbeat` so proxies keep the connection open and a gone client is seen.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "spur/core/async.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/stream.hpp"

namespace spur {

struct SseEvent {
  std::string data;          // several lines become several `data:` lines
  std::string event;         // empty: the default "message"
  std::string id;            // empty: none
  std::optional<int> retry;  // reconnection delay for the browser, ms
};

struct EventStreamOptions {
  std::chrono::milliseconds heartbeat = std::chrono::seconds(15);  // 0: none
};

class EventStream final {
 public:
  EventStream(StreamWriter& out, std::string last_event_id, EventStreamOptions options)
      : out_(out), last_event_id_(std::move(last_event_id)), options_(options) {}

  // Writes one event; false once the client has gone.
  StreamWriter::Awaiter send(const SseEvent& event);
  // The same for the common fields: co_await events.send(json, "update", id).
  StreamWriter::Awaiter send(std::string_view data, std::string_view event = {},
                             std::string_view id = {});
  // Writes a comment line (`: text`), which clients ignore.
  StreamWriter::Awaiter comment(std::string_view text);
  // Waits `d`, sending heartbeats meanwhile; false once the client has gone.
  Async<bool> sleep(std::chrono::milliseconds d);
  // Waits until woken (a Room message), or one heartbeat (then sends it);
  // false once the client has gone.
  Async<bool> wait();
  // The stream underneath, e.g. to join a Room.
  StreamWriter& writer() noexcept { return out_; }
  // The Last-Event-ID the client reconnected with; empty on a first connection.
  const std::string& last_event_id() const noexcept { return last_event_id_; }
  bool closed() const noexcept { return out_.closed(); }

 private:
  StreamWriter& out_;
  std::string last_event_id_;
  EventStreamOptions options_;
};

// The wire form of one event: `event:`, `id:`, `retry:`, one `data:` per line,
// then a blank line. CR and LF inside `event` and `id` are dropped.
std::string format_event(const SseEvent& event);

using EventProducer = std::function<Async<void>(EventStream&)>;

// A text/event-stream response (no-cache, no compression) whose events come
// from `producer`.
Response sse(const Request& request, EventProducer producer, EventStreamOptions options = {});

}  // namespace spur
