// A session after a 101: the socket carries WebSocket frames, which
// WebSocketConnection decodes and answers; the session only moves bytes.
#include "session.hpp"
#include "worker.hpp"

namespace spur::server {

namespace asio = boost::asio;
using http::Deadline;

namespace {
// A WebSocket connection's read buffer.
constexpr std::size_t websocket_read_bytes = 16 * 1024;
}  // namespace

// --- WebSocket ---------------------------------------------------------------------

void Session::start_websocket(std::shared_ptr<const detail::WebSocketUpgrade> upgrade) {
  state_ = State::websocket;
  arm(Deadline::none, {});  // the WebSocket pings a silent client instead
  ws_buffer_ = std::make_unique<char[]>(websocket_read_bytes);
  ws_ = std::make_unique<WebSocketConnection>(ws_transport_, std::move(upgrade), *request_);
  flush();                              // the 101
  ws_->start(reader_.after_request());  // frames the client sent right behind its handshake
  read_websocket();
}

void Session::read_websocket() {
  if (reading_ || state_ == State::closed || (state_ != State::lingering && !ws_->wants_read()))
    return;
  read_some(asio::buffer(ws_buffer_.get(), websocket_read_bytes), [this](std::size_t n) {
    if (state_ != State::lingering) ws_->on_bytes({ws_buffer_.get(), n});
    read_websocket();
  });
}

std::string& Session::WebSocketTransport::output() noexcept { return s_.out_; }
void Session::WebSocketTransport::flush() { s_.flush(); }
std::size_t Session::WebSocketTransport::unsent() const noexcept {
  return s_.out_.size() + s_.in_flight_.size();
}
void Session::WebSocketTransport::resume_reading() { s_.read(); }
void Session::WebSocketTransport::post(std::function<void()> f) { s_.post(std::move(f)); }

void Session::WebSocketTransport::end() {
  ending = true;
  s_.flush();
  if (!s_.writing_ && s_.out_.empty()) s_.shutdown_after_write();
}

}  // namespace spur::server
