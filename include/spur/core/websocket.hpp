#pragma once
// The WebSocket a handler holds (RFC 6455). A route file exports SOCKET, and
// a GET that asks for an upgrade is handed to it; the connection then carries
// messages both ways until either side closes:
//   Async<void> SOCKET(WebSocket& ws, Request& req) {
//     while (std::optional<WebSocketMessage> m = co_await ws.receive())
//       if (!co_await ws.send("echo: " + m->data)) co_return;  // client gone
//   }
// A GET handler that must decide first (authentication, say) returns
// upgrade(req, body) itself (<spur/realtime/upgrade.hpp>). The server answers pings, enforces
// WebSocketOptions (message size → close 1009, invalid UTF-8 → 1007, a
// client that stops answering pings → closed), and sends `Close` when SOCKET
// returns. `co_await ws.send()` suspends while more than high_water bytes are
// unsent, so a slow client holds its sender back instead of growing memory.
// Room::join(ws) forwards a Room's messages to the socket (see
// <spur/realtime/room.hpp>). The server's side of the connection implements
// detail::WebSocketChannel.
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "spur/core/async.hpp"
#include "spur/core/websocket_options.hpp"

namespace spur {

class Request;
class Response;

struct WebSocketMessage {
  enum class Type : std::uint8_t { text, binary };
  Type type = Type::text;
  std::string data;  // a text message is valid UTF-8
  bool is_text() const noexcept { return type == Type::text; }
};

namespace detail {
// Something that hands out messages to forward, e.g. a Room member's queue.
class MessageFeed {
 public:
  // The next message into `out`; false when there is none. `gone` is set
  // once the feed has dropped its consumer for good.
  virtual bool take(std::string& out, bool& gone) = 0;

 protected:
  ~MessageFeed() = default;
};

// One accepted WebSocket as its handler sees it: the server's connection.
class WebSocketChannel {
 public:
  enum class Wait : std::uint8_t { message, drained };
  virtual void send(WebSocketMessage::Type type, std::string_view data) = 0;
  virtual void close(std::uint16_t code, std::string_view reason) = 0;
  // True once nothing more can be sent (Close sent or the connection gone).
  virtual bool closed() const noexcept = 0;
  virtual std::size_t unsent() const noexcept = 0;
  // The oldest message received and not yet taken, if any.
  virtual std::optional<WebSocketMessage> take() = 0;
  // True once no more messages will arrive.
  virtual bool finished() const noexcept = 0;
  // Resumes `h` on this thread when a message arrived (Wait::message), the
  // client caught up (Wait::drained), or the connection ended.
  virtual void park(std::coroutine_handle<> h, Wait what) = 0;
  // The code and reason of the Close that ended the connection (1006 and
  // empty when it ended without one).
  virtual std::uint16_t close_code() const noexcept = 0;
  virtual std::string_view close_reason() const noexcept = 0;
  // Forwards `feed`'s messages as text frames, as the client can take them,
  // while the feed lives. Thread-safe wake-up: feed_ready().
  virtual void add_feed(std::weak_ptr<MessageFeed> feed) = 0;
  virtual void feed_ready() = 0;

 protected:
  ~WebSocketChannel() = default;
};
}  // namespace detail

namespace detail {
struct WebSocketAccess;
}

class WebSocket final {
 public:
  // Above this many unsent bytes an awaited send suspends until the client caught up.
  static constexpr std::size_t high_water = 64 * 1024;

  explicit WebSocket(detail::WebSocketChannel& channel) noexcept : channel_(&channel) {}

  class [[nodiscard]] ReceiveAwaiter {
   public:
    explicit ReceiveAwaiter(detail::WebSocketChannel* c) noexcept : c_(c) {}
    bool await_ready() noexcept {
      message_ = c_->take();
      return message_ || c_->finished();
    }
    void await_suspend(std::coroutine_handle<> h) {
      c_->park(h, detail::WebSocketChannel::Wait::message);
    }
    // The next message, or nullopt once the connection has ended.
    std::optional<WebSocketMessage> await_resume() {
      if (!message_) message_ = c_->take();
      return std::move(message_);
    }

   private:
    detail::WebSocketChannel* c_;
    std::optional<WebSocketMessage> message_;
  };

  class [[nodiscard]] SendAwaiter {
   public:
    explicit SendAwaiter(detail::WebSocketChannel* c) noexcept : c_(c) {}
    bool await_ready() const noexcept { return c_->closed() || c_->unsent() <= high_water; }
    void await_suspend(std::coroutine_handle<> h) {
      c_->park(h, detail::WebSocketChannel::Wait::drained);
    }
    // True while the connection is open.
    bool await_resume() const noexcept { return !c_->closed(); }

   private:
    detail::WebSocketChannel* c_;
  };

  // The next message; waits for one. nullopt once the connection has ended
  // (the client closed it, went away, or broke the protocol).
  ReceiveAwaiter receive() noexcept { return ReceiveAwaiter(channel_); }
  // Sends a text message now; awaiting it waits while the client is behind.
  // False once the connection is closed. Throws std::invalid_argument for
  // text that is not UTF-8 (send it with send_binary()).
  SendAwaiter send(std::string_view text) {
    channel_->send(WebSocketMessage::Type::text, text);
    return SendAwaiter(channel_);
  }
  SendAwaiter send_binary(std::string_view bytes) {
    channel_->send(WebSocketMessage::Type::binary, bytes);
    return SendAwaiter(channel_);
  }
  // Starts the closing handshake; receive() then answers nullopt. Codes:
  // 1000 normal, 1001 going away, 1008 policy, 1011 error, 3000-4999 yours
  // (any other throws std::invalid_argument, as does a reason not UTF-8).
  void close(std::uint16_t code = 1000, std::string_view reason = {}) {
    channel_->close(code, reason);
  }
  bool closed() const noexcept { return channel_->closed(); }
  // Once the connection has ended: the Close code the client sent (1005 if
  // its Close had none, 1006 if it vanished without one).
  std::uint16_t close_code() const noexcept { return channel_->close_code(); }
  std::string_view close_reason() const noexcept { return channel_->close_reason(); }

 private:
  friend struct detail::WebSocketAccess;
  detail::WebSocketChannel* channel_;
};

// What runs on an accepted WebSocket. The server keeps it alive until it
// returns; the Request of the upgrade stays valid until then too.
using WebSocketBody = std::function<Async<void>(WebSocket&)>;

namespace detail {
struct WebSocketAccess {
  static WebSocketChannel& channel(WebSocket& ws) noexcept { return *ws.channel_; }
};

// What a 101 response carries to the server.
struct WebSocketUpgrade {
  WebSocketBody body;
  WebSocketOptions options;
};
}  // namespace detail

}  // namespace spur
