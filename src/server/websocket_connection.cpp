#include "websocket_connection.hpp"

#include <exception>
#include <stdexcept>
#include <string>

#include "spur/core/error_boundary.hpp"

namespace spur::server {

namespace ws = http::ws;
using Kind = ws::FrameDecoder::Kind;

namespace {
// How long the server waits for the client's Close after sending its own.
constexpr auto close_wait = std::chrono::seconds(5);
// What a queued message costs beside its bytes (the message, its string, the
// deque's slot), so that a flood of empty messages fills the inbox too.
constexpr std::size_t message_overhead = 64;
}  // namespace

WebSocketConnection::WebSocketConnection(Transport& transport,
                                         std::shared_ptr<const detail::WebSocketUpgrade> upgrade,
                                         const Request& request)
    : transport_(transport),
      upgrade_(std::move(upgrade)),
      decoder_(upgrade_->options.max_message_bytes),
      request_(request),
      last_heard_(clock::now()) {}

WebSocketConnection::~WebSocketConnection() = default;

void WebSocketConnection::start(std::string_view early) {
  socket_.emplace(*this);
  Async<void> handler;
  try {
    handler = upgrade_->body(*socket_);
  } catch (...) {
    detail::log_exception(std::current_exception(), request_, "WebSocket handler");
    send_close(ws::close_code::internal_error, "");
    return;
  }
  running_ = true;
  if (!early.empty()) on_bytes(early);
  // Its end is always taken from the loop, never from inside start().
  detail::spawn(
      std::move(handler), [this](std::function<void()> f) { transport_.post(std::move(f)); },
      [this](detail::Outcome<void> outcome) {
        transport_.post([this, error = outcome.error] { handler_done(error); });
      });
}

void WebSocketConnection::handler_done(std::exception_ptr failure) {
  if (failure) {
    detail::log_exception(failure, request_, "WebSocket handler");
    send_close(ws::close_code::internal_error, "");
  } else {
    send_close(ws::close_code::normal, "");
  }
  socket_.reset();
  running_ = false;
}

void WebSocketConnection::on_bytes(std::string_view bytes) {
  last_heard_ = clock::now();
  ping_outstanding_ = false;
  while (!transport_closed_) {
    std::size_t used = 0;
    const ws::FrameDecoder::Result r = decoder_.feed(bytes, used);
    bytes.remove_prefix(used);
    if (r.kind == Kind::need_more) break;
    handle(r);
    if (r.kind == Kind::error || r.kind == Kind::close) break;
  }
}

void WebSocketConnection::handle(const ws::FrameDecoder::Result& r) {
  switch (r.kind) {
    case Kind::message_text:
    case Kind::message_binary: {
      if (close_sent_) return;  // closing: the handler no longer listens
      const auto type = r.kind == Kind::message_text ? WebSocketMessage::Type::text
                                                     : WebSocketMessage::Type::binary;
      inbox_.push_back({type, std::string(r.data)});
      inbox_bytes_ += r.data.size() + message_overhead;
      if (inbox_bytes_ > upgrade_->options.max_buffered_bytes) read_paused_ = true;
      if (parked_for_ == Wait::message) wake();
      return;
    }
    case Kind::ping:
      if (close_sent_) return;
      // A client that does not read its pongs gets one, the latest (RFC 6455
      // §5.5.3 lets an endpoint answer only the most recent ping).
      if (transport_.unsent() > WebSocket::high_water) {
        pending_pong_ = std::string(r.data);
        return;
      }
      ws::encode_frame(transport_.output(), ws::Opcode::pong, r.data);
      transport_.flush();
      return;
    case Kind::pong: return;  // liveness is any byte: noted in on_bytes
    case Kind::close:         // echo the code (RFC 6455 §5.5.1), then close TCP first
    case Kind::error:         // fail the connection: say why, close without waiting (§7.1.7)
      close_received_ = close_received_ || r.kind == Kind::close;
      close_code_ = r.code;
      close_reason_ = std::string(r.data);
      if (!close_sent_) {
        close_sent_ = true;
        ws::encode_close(transport_.output(), r.code,
                         r.kind == Kind::error ? r.data : std::string_view());
      }
      transport_.end();
      wake();
      return;
    case Kind::need_more: return;
  }
}

// Reading stops while the handler is behind, and while the client is not
// reading what the server sends (pongs, echoes): its input waits in the kernel.
bool WebSocketConnection::wants_read() const noexcept {
  return !transport_closed_ && !read_paused_ && transport_.unsent() <= WebSocket::high_water;
}

std::optional<WebSocketMessage> WebSocketConnection::take() {
  if (inbox_.empty()) return std::nullopt;
  WebSocketMessage m = std::move(inbox_.front());
  inbox_.pop_front();
  inbox_bytes_ -= m.data.size() + message_overhead;
  if (read_paused_ && inbox_bytes_ <= upgrade_->options.max_buffered_bytes / 2) {
    read_paused_ = false;
    transport_.resume_reading();
  }
  return m;
}

bool WebSocketConnection::finished() const noexcept {
  return inbox_.empty() && (close_sent_ || close_received_ || transport_closed_);
}

void WebSocketConnection::send(WebSocketMessage::Type type, std::string_view data) {
  // A client must fail the connection on invalid text (1007): refuse to send it.
  if (type == WebSocketMessage::Type::text && !text::is_valid_utf8(data))
    throw std::invalid_argument("WebSocket text messages must be UTF-8; send_binary() bytes");
  if (closed()) return;
  ws::encode_frame(transport_.output(),
                   type == WebSocketMessage::Type::text ? ws::Opcode::text : ws::Opcode::binary,
                   data);
  transport_.flush();
}

void WebSocketConnection::close(std::uint16_t code, std::string_view reason) {
  if (!ws::valid_close_code(code))
    throw std::invalid_argument("not a close code an endpoint may send: " + std::to_string(code));
  if (!text::is_valid_utf8(reason)) throw std::invalid_argument("a close reason must be UTF-8");
  send_close(code, reason);
  wake();  // a receive() waiting elsewhere answers nullopt now
}

void WebSocketConnection::send_close(std::uint16_t code, std::string_view reason) {
  if (close_sent_ || transport_closed_) return;
  close_sent_ = true;
  ws::encode_close(transport_.output(), code, reason);
  transport_.flush();
  if (close_received_)
    transport_.end();
  else
    close_deadline_ = clock::now() + close_wait;  // tick() ends it if the client never answers
}

void WebSocketConnection::park(std::coroutine_handle<> h, Wait what) {
  parked_ = h;
  parked_for_ = what;
  if (transport_closed_ || (what == Wait::message && finished())) wake();
}

void WebSocketConnection::wake() {
  if (!parked_) return;
  const std::coroutine_handle<> h = std::exchange(parked_, {});
  parked_for_ = Wait::message;
  transport_.post([h] { h.resume(); });
}

void WebSocketConnection::on_drained() {
  if (pending_pong_ && !closed() && unsent() <= WebSocket::high_water) {
    ws::encode_frame(transport_.output(), ws::Opcode::pong, *pending_pong_);
    pending_pong_.reset();
    transport_.flush();
  }
  if (parked_ && parked_for_ == Wait::drained && unsent() <= WebSocket::high_water / 2) wake();
  pump_feeds();
  if (wants_read()) transport_.resume_reading();  // paused by the output backlog
}

void WebSocketConnection::on_transport_closed() {
  if (transport_closed_) return;
  transport_closed_ = true;
  if (!close_received_ && close_code_ == ws::close_code::abnormal) close_reason_.clear();
  wake();
}

void WebSocketConnection::tick(clock::time_point now) {
  if (transport_closed_) return;
  if (close_sent_) {
    if (now >= close_deadline_) transport_.end();
    return;
  }
  const auto interval = upgrade_->options.ping_interval;
  if (interval.count() <= 0) return;
  if (read_paused_) {
    last_heard_ = now;  // silent because the server is not listening, not the client
    ping_outstanding_ = false;
    return;
  }
  if (ping_outstanding_) {
    if (now - ping_sent_ >= interval) {
      close_code_ = ws::close_code::abnormal;  // gone silent: no Close to wait for
      close_sent_ = true;
      transport_.end();
      wake();
    }
  } else if (now - last_heard_ >= interval) {
    ping_outstanding_ = true;
    ping_sent_ = now;
    ws::encode_frame(transport_.output(), ws::Opcode::ping, {});
    transport_.flush();
  }
}

void WebSocketConnection::going_away() {
  close(ws::close_code::going_away, "server shutting down");
}

void WebSocketConnection::add_feed(std::weak_ptr<detail::MessageFeed> feed) {
  feeds_.push_back(std::move(feed));
}

void WebSocketConnection::feed_ready() {
  transport_.post([this] { pump_feeds(); });
}

// Forwards fed messages while the client keeps up; the rest wait in their
// feed (bounded there) until on_drained() comes back for them.
void WebSocketConnection::pump_feeds() {
  std::string message;
  for (auto it = feeds_.begin(); it != feeds_.end();) {
    std::shared_ptr<detail::MessageFeed> feed = it->lock();
    if (!feed) {
      it = feeds_.erase(it);
      continue;
    }
    bool gone = false;
    while (!closed() && unsent() <= WebSocket::high_water && feed->take(message, gone))
      if (text::is_valid_utf8(message))  // a text frame; anything else would fail the client
        send(WebSocketMessage::Type::text, message);
    if (gone) {
      close(ws::close_code::policy_violation, "too far behind");
      return;
    }
    ++it;
  }
}

}  // namespace spur::server
