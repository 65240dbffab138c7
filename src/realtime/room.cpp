#include "spur/realtime/room.hpp"

#include <algorithm>
#include <chrono>

namespace spur {
namespace {
// What a queued message costs beside its text (the shared pointer, its
// control block, the deque's slot).
constexpr std::size_t message_overhead = 64;
}  // namespace

// One member's messages, filled by publishers on any thread and drained by
// the member's producer on its worker.
struct Room::Member::Queue final : detail::MessageFeed {
  explicit Queue(detail::StreamSink& s) : sink(&s) {}
  explicit Queue(detail::WebSocketChannel& ws) : socket(&ws) {}
  std::mutex mutex;
  std::deque<std::shared_ptr<const std::string>> messages;  // shared with the other members
  std::size_t bytes = 0;
  bool dropped = false;
  // Set when the member leaves: its connection may be gone after that, so a
  // publisher holding the queue must no longer wake it.
  bool left = false;
  detail::StreamSink* sink = nullptr;
  detail::WebSocketChannel* socket = nullptr;

  // Tells the member's connection there is news; call with `mutex` held.
  void wake() {
    if (left) return;
    if (sink)
      sink->notify();
    else
      socket->feed_ready();
  }

  // The oldest message into `out`; false when there is none. `gone` is set
  // once the member was dropped.
  bool take(std::string& out, bool& gone) override {
    std::lock_guard lock(mutex);
    gone = dropped;
    if (dropped || messages.empty()) return false;
    out = *messages.front();
    bytes -= messages.front()->size() + message_overhead;
    messages.pop_front();
    return true;
  }
};

struct Room::State {
  explicit State(RoomOptions o) : options(o) {}
  const RoomOptions options;
  mutable std::mutex mutex;
  std::vector<std::shared_ptr<Member::Queue>> members;
};

Room::Room(RoomOptions options) : state_(std::make_shared<State>(options)) {}
Room::~Room() = default;

Room::Member Room::join(StreamWriter& out) {
  auto queue = std::make_shared<Member::Queue>(detail::sink_of(out));
  std::lock_guard lock(state_->mutex);
  state_->members.push_back(queue);
  return Member(state_, std::move(queue));
}

Room::Member Room::join(WebSocket& ws) {
  auto queue = std::make_shared<Member::Queue>(detail::WebSocketAccess::channel(ws));
  detail::WebSocketAccess::channel(ws).add_feed(queue);
  std::lock_guard lock(state_->mutex);
  state_->members.push_back(queue);
  return Member(state_, std::move(queue));
}

void Room::publish(const std::string& text) {
  const auto message = std::make_shared<const std::string>(text);
  const std::size_t cost = message->size() + message_overhead;
  const RoomOptions& limits = state_->options;
  std::vector<std::shared_ptr<Member::Queue>> members;
  {
    std::lock_guard lock(state_->mutex);
    members = state_->members;
  }
  for (const auto& q : members) {
    std::lock_guard lock(q->mutex);
    if (q->dropped) continue;
    const bool behind = q->messages.size() >= limits.max_backlog ||
                        (!q->messages.empty() && q->bytes + cost > limits.max_backlog_bytes);
    if (behind) {
      q->dropped = true;  // too far behind: it leaves rather than hold memory
      q->messages.clear();
      q->bytes = 0;
    } else {
      q->messages.push_back(message);
      q->bytes += cost;
    }
    q->wake();
  }
}

std::size_t Room::size() const {
  std::lock_guard lock(state_->mutex);
  return state_->members.size();
}

Room::Member::Member(std::shared_ptr<State> room, std::shared_ptr<Queue> queue)
    : room_(std::move(room)), queue_(std::move(queue)) {}
Room::Member::Member(Member&&) noexcept = default;
Room::Member& Room::Member::operator=(Member&&) noexcept = default;

Room::Member::~Member() {
  if (!room_) return;
  {
    std::lock_guard lock(queue_->mutex);
    queue_->left = true;
  }
  std::lock_guard lock(room_->mutex);
  std::erase(room_->members, queue_);
}

Async<std::optional<std::string>> Room::Member::next(StreamWriter& out) {
  std::string message;
  for (bool gone = false;;) {
    if (queue_->take(message, gone)) co_return message;
    if (gone) co_return std::nullopt;
    // Woken by publish() (notify), or after a while to look again.
    if (!co_await out.sleep(std::chrono::seconds(60))) co_return std::nullopt;
  }
}

Async<std::optional<std::string>> Room::Member::next(EventStream& events) {
  std::string message;
  for (bool gone = false;;) {
    if (queue_->take(message, gone)) co_return message;
    if (gone) co_return std::nullopt;
    if (!co_await events.wait()) co_return std::nullopt;  // heartbeats meanwhile
  }
}

}  // namespace spur
