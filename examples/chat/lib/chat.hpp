#pragma once
// The chat's state, shared by its three routes: the recent messages (for a
// page's first load and for an EventSource resuming after Last-Event-ID) and
// the Room every SSE and WebSocket client joins.
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <spur/realtime/room.hpp>
#include <string>
#include <vector>

namespace chat {

inline constexpr std::size_t max_text_bytes = 2000;
inline constexpr std::size_t max_user_bytes = 64;
inline constexpr std::size_t kept_messages = 200;

struct Message {
  std::uint64_t id;
  std::string json;  // {"id":…,"user":…,"text":…,"at":…}, id first
};

class Chat {
 public:
  // Stores a message and sends it to everyone in the room; its JSON.
  std::string post(std::string_view user, std::string_view text) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = ++last_id_;
    const auto at = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    std::string json = boost::json::serialize(
        boost::json::object{{"id", id}, {"user", user}, {"text", text}, {"at", at}});
    messages_.push_back({id, json});
    if (messages_.size() > kept_messages) messages_.pop_front();
    // Published under the lock, so the room sees messages in id order.
    room.publish(json);
    return json;
  }

  // The messages with an id above `after`, oldest first (at most `limit`, the latest).
  std::vector<Message> since(std::uint64_t after, std::size_t limit = kept_messages) const {
    std::lock_guard lock(mutex_);
    std::vector<Message> out;
    for (const Message& m : messages_)
      if (m.id > after) out.push_back(m);
    if (out.size() > limit) out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(limit));
    return out;
  }

  spur::Room room;

 private:
  mutable std::mutex mutex_;
  std::deque<Message> messages_;
  std::uint64_t last_id_ = 0;
};

inline Chat state;

// The id of a message's JSON (it comes first: {"id":N,…}).
inline std::uint64_t id_of(std::string_view json) {
  std::uint64_t id = 0;
  for (std::size_t i = json.find(':') + 1; i < json.size() && json[i] >= '0' && json[i] <= '9'; ++i)
    id = id * 10 + static_cast<std::uint64_t>(json[i] - '0');
  return id;
}

// A message a client sent, checked: {"user": "...", "text": "..."}; the error
// to answer otherwise.
struct Incoming {
  std::string user, text, error;
};

inline const boost::json::string* string_field(const boost::json::value& v, std::string_view name) {
  const boost::json::object* o = v.if_object();
  const boost::json::value* field = o ? o->if_contains(name) : nullptr;
  return field ? field->if_string() : nullptr;
}

inline Incoming parse_incoming(const boost::json::value& v) {
  Incoming in;
  const boost::json::string* user = string_field(v, "user");
  const boost::json::string* text = string_field(v, "text");
  if (!user || user->empty() || user->size() > max_user_bytes)
    in.error = "'user' must be a string of 1 to 64 bytes";
  else if (!text || text->empty() || text->size() > max_text_bytes)
    in.error = "'text' must be a string of 1 to 2000 bytes";
  else
    in = {std::string(*user), std::string(*text), {}};
  return in;
}

inline std::string error_json(std::string_view message) {
  return boost::json::serialize(boost::json::object{{"error", message}});
}

// The same from JSON text (a WebSocket frame).
inline Incoming parse_incoming(std::string_view json) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(json, ec);
  if (ec) {
    Incoming in;
    in.error = "malformed JSON";
    return in;
  }
  return parse_incoming(v);
}

}  // namespace chat
