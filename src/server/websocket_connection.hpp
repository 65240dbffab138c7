#pragma once
// The WebSocket protocol on an upgraded connection, between its bytes and its
// handler: decodes the client's frames (http/websocket.hpp) into messages for
// receive(), answers pings, runs the closing handshake, pings a silent client,
// pauses reading while the handler is behind, and forwards Room feeds as the
// client can take them. The socket stays the Session's: it reaches it only
// through Transport, on the worker's thread (feed_ready() excepted).
#include <chrono>
#include <coroutine>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spur/core/request.hpp"
#include "spur/core/websocket.hpp"
#include "spur/http/websocket_codec.hpp"

namespace spur::server {

class WebSocketConnection final : public detail::WebSocketChannel {
 public:
  using clock = std::chrono::steady_clock;

  // What the connection needs of the socket that carries it.
  class Transport {
   public:
    // Where frames are appended; flush() hands them to the socket.
    virtual std::string& output() noexcept = 0;
    virtual void flush() = 0;
    virtual std::size_t unsent() const noexcept = 0;
    // Reading was paused (wants_read() false) and may go on.
    virtual void resume_reading() = 0;
    // Send what is queued, then close the connection.
    virtual void end() = 0;
    // Runs `f` on the connection's thread, soon; thread-safe. The transport
    // outlives every posted call.
    virtual void post(std::function<void()> f) = 0;

   protected:
    ~Transport() = default;
  };

  // `request` (the upgrade's) is valid while the connection lives; a failing
  // handler is logged with it.
  WebSocketConnection(Transport& transport, std::shared_ptr<const detail::WebSocketUpgrade> upgrade,
                      const Request& request);
  ~WebSocketConnection();
  WebSocketConnection(const WebSocketConnection&) = delete;
  WebSocketConnection& operator=(const WebSocketConnection&) = delete;

  // Runs the handler; `early` is what the client sent after its handshake.
  void start(std::string_view early);
  // Bytes read from the client.
  void on_bytes(std::string_view bytes);
  // False while the handler is behind (reading resumes by resume_reading()).
  bool wants_read() const noexcept;
  // The transport wrote what it had.
  void on_drained();
  // The connection is gone (reset, EOF, or closed by the server).
  void on_transport_closed();
  // The worker's tick: pings a silent client, gives up on one that stays silent.
  void tick(clock::time_point now);
  // Server shutdown: Close 1001.
  void going_away();
  // True while the handler runs.
  bool busy() const noexcept { return running_; }

  // detail::WebSocketChannel
  void send(WebSocketMessage::Type type, std::string_view data) override;
  void close(std::uint16_t code, std::string_view reason) override;
  bool closed() const noexcept override { return close_sent_ || transport_closed_; }
  std::size_t unsent() const noexcept override { return transport_.unsent(); }
  std::optional<WebSocketMessage> take() override;
  bool finished() const noexcept override;
  void park(std::coroutine_handle<> h, Wait what) override;
  std::uint16_t close_code() const noexcept override { return close_code_; }
  std::string_view close_reason() const noexcept override { return close_reason_; }
  void add_feed(std::weak_ptr<detail::MessageFeed> feed) override;
  void feed_ready() override;

 private:
  void handle(const http::ws::FrameDecoder::Result& r);
  void send_close(std::uint16_t code, std::string_view reason);
  void wake();
  void pump_feeds();
  void handler_done(std::exception_ptr failure);

  Transport& transport_;
  std::shared_ptr<const detail::WebSocketUpgrade> upgrade_;  // keeps the handler alive
  http::ws::FrameDecoder decoder_;
  std::optional<WebSocket> socket_;
  const Request& request_;
  bool running_ = false;

  std::deque<WebSocketMessage> inbox_;
  std::size_t inbox_bytes_ = 0;
  bool read_paused_ = false;
  std::optional<std::string> pending_pong_;  // held while the client is not reading

  std::coroutine_handle<> parked_;
  Wait parked_for_ = Wait::message;

  bool close_sent_ = false;
  bool close_received_ = false;
  bool transport_closed_ = false;
  std::uint16_t close_code_ = http::ws::close_code::abnormal;
  std::string close_reason_;
  clock::time_point close_deadline_ = clock::time_point::max();

  clock::time_point last_heard_;
  bool ping_outstanding_ = false;
  clock::time_point ping_sent_;

  std::vector<std::weak_ptr<detail::MessageFeed>> feeds_;
};

}  // namespace spur::server
