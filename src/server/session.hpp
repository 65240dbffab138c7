#pragma once
// One accepted connection, as I/O only: it reads bytes into a RequestReader,
// runs the handler for each complete request in order, writes the responses
// (batched when pipelined; a file body straight from the file with
// sendfile(2); a streamed body chunk by chunk as its producer writes it), and
// arms the read deadlines. Every HTTP decision (framing, keep-alive,
// 100-continue, what an expired deadline means) is asked of http/connection.hpp
// and the reader. After a 101 it carries a WebSocket (websocket_connection.hpp).
//
// The session is in one State at a time; what a streamed response, a streamed
// request body and a WebSocket need of it are member objects. It is owned by
// its Worker, which deletes it once it is closed and no operation, handler or
// posted call refers to it (finished()).
#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/intrusive/list_hook.hpp>
#include <coroutine>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "spur/core/async.hpp"
#include "spur/core/body_stream.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/stream.hpp"
#include "spur/http/connection.hpp"
#include "spur/http/request_reader.hpp"
#include "websocket_connection.hpp"

namespace spur::server {

class Worker;

class Session final : public boost::intrusive::list_base_hook<> {
 public:
  using clock = std::chrono::steady_clock;

  Session(Worker& worker, boost::asio::ip::tcp::socket socket);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();
  // The worker's tick: acts on an expired deadline.
  void check_deadline(clock::time_point now);
  // Graceful shutdown: close now if no request is in progress.
  void drain();
  void close() noexcept;
  // A keep-alive connection between requests: nothing read, nothing to send.
  bool idle() const noexcept;
  // Closed, and nothing in flight refers to the session any more (a
  // WebSocket handler still running counts).
  bool finished() const noexcept {
    return state_ == State::closed && holds_ == 0 && !(ws_ && ws_->busy());
  }

 private:
  enum class State : std::uint8_t {
    reading,       // between requests, or reading one (and writing earlier answers)
    handling,      // a handler runs
    sending_file,  // a file body goes out with sendfile
    streaming,     // a streamed body's producer runs
    websocket,     // after a 101
    lingering,     // our last answer is out: waiting for the client's FIN
    closed,
  };

  // Where a streamed response's producer writes (StreamWriter's sink).
  class ResponseStream final : public detail::StreamSink {
   public:
    explicit ResponseStream(Session& s);
    void send(std::string_view bytes) override;
    bool closed() const noexcept override;
    std::size_t unsent() const noexcept override;
    void park(std::coroutine_handle<> h, bool until_drained,
              std::optional<clock::time_point> deadline) override;
    void notify() override;
    // Resumes the parked producer (from the event loop), if any.
    void wake();
    // The client caught up: wakes a producer waiting for that.
    void drained();

    std::shared_ptr<const StreamBody> body;  // kept alive while it runs
    std::optional<StreamWriter> writer;
    bool chunked = false;

   private:
    Session& s_;
    std::coroutine_handle<> parked_;
    bool until_drained_ = false;
    boost::asio::steady_timer timer_;
  };

  // Where a streamed request body comes from (BodyStream's source).
  class RequestBody final : public detail::BodySource {
   public:
    explicit RequestBody(Session& s) : s_(s) {}
    Status next(std::string_view& piece) override;
    void park(std::coroutine_handle<> h) override { waiter_ = h; }
    int error_status() const noexcept override;
    std::string error_message() const override;
    // More of the body arrived, or the connection ended: resumes the reader.
    void wake();
    bool waiting() const noexcept { return static_cast<bool>(waiter_); }
    bool timed_out = false;  // the client stalled: read() throws 408

   private:
    Session& s_;
    std::coroutine_handle<> waiter_;
  };

  // What a WebSocket needs of the connection.
  class WebSocketTransport final : public WebSocketConnection::Transport {
   public:
    explicit WebSocketTransport(Session& s) : s_(s) {}
    std::string& output() noexcept override;
    void flush() override;
    std::size_t unsent() const noexcept override;
    void resume_reading() override;
    void end() override;
    void post(std::function<void()> f) override;
    bool ending = false;  // close once the output is written

   private:
    Session& s_;
  };

  void read();
  template <typename OnBytes>
  void read_some(boost::asio::mutable_buffer buffer, OnBytes on_bytes);
  void on_read(std::size_t n);
  void process();
  void dispatch();
  void finish(Response response);
  void answer_error(int status, std::string_view message);
  void flush();
  void on_write(const boost::system::error_code& ec);
  void send_file();
  void shutdown_after_write();
  void arm(http::Deadline kind, std::chrono::milliseconds after);
  void arm_read_deadline();
  std::chrono::milliseconds timeout_of(http::Deadline kind) const noexcept;
  void start_stream();
  void end_stream(std::exception_ptr failure);
  void probe();
  // Hands what a probe kept aside to the reader, in order.
  void take_stashed();
  void start_websocket(std::shared_ptr<const detail::WebSocketUpgrade> upgrade);
  void read_websocket();
  // Runs `f` on this session's loop, soon; thread-safe. The session lives
  // until it has run.
  void post(std::function<void()> f);
  // The end of every completion handler: the session may be deleted here.
  void release() noexcept;

  Worker& worker_;
  boost::asio::ip::tcp::socket socket_;
  http::RequestReader reader_;
  State state_ = State::reading;
  std::string client_address_;  // the peer, as handlers see it
  std::string out_;             // responses not yet handed to the socket
  std::string in_flight_;       // the bytes of the write in progress
  bool reading_ = false;        // a read is in flight
  bool writing_ = false;        // a write (or a sendfile turn) is in flight
  bool keep_alive_ = true;      // false: close once out_ is written
  bool dispatching_ = false;    // inside dispatch(): a handler's end there is not posted
  bool had_request_ = false;    // a new connection's first request may still be on its way
  // Operations, handlers and posted calls that refer to the session
  // (atomic: posts come from other threads).
  std::atomic<int> holds_{0};
  // The file body still to send after out_ (State::sending_file).
  std::optional<FileBody> file_;
  std::optional<Request> request_;

  clock::time_point read_deadline_ = clock::time_point::max();
  clock::time_point write_deadline_ = clock::time_point::max();
  http::Deadline armed_ = http::Deadline::none;

  ResponseStream stream_;
  RequestBody body_;
  std::array<char, 512> probe_buffer_;
  std::string stashed_;  // what the client sent while a stream or a handler ran
  // Set when the client goes: queued offload() work of its requests is skipped.
  detail::ClientGone client_gone_ = std::make_shared<std::atomic<bool>>(false);

  WebSocketTransport ws_transport_;
  std::unique_ptr<WebSocketConnection> ws_;
  std::unique_ptr<char[]> ws_buffer_;
};

// One read into `buffer`, holding the session meanwhile: `on_bytes(n)` runs
// when bytes came and the session is still open; EOF or a reset closes it
// (nothing more can be answered), except EOF while a handler runs, which may
// be a client that half-closed and still waits: the request's work is told
// its client has gone, and the answer is still tried.
template <typename OnBytes>
void Session::read_some(boost::asio::mutable_buffer buffer, OnBytes on_bytes) {
  reading_ = true;
  ++holds_;
  socket_.async_read_some(buffer, [this, on_bytes = std::move(on_bytes)](
                                      const boost::system::error_code& ec, std::size_t n) {
    --holds_;
    reading_ = false;
    if (state_ != State::closed) {
      if (ec == boost::asio::error::eof && state_ == State::handling)
        client_gone_->store(true, std::memory_order_relaxed);
      else if (ec)
        close();
      else
        on_bytes(n);
    }
    release();
  });
}

}  // namespace spur::server
