#pragma once
// One accepted connection: reads bytes into a RequestReader, runs the handler
// for each complete request in order, writes the responses (batched when
// pipelined; a file body straight from the file with sendfile(2); a streamed
// body chunk by chunk as its producer writes it), and enforces the header,
// body, idle and write timeouts. After a 101 it carries a WebSocket
// (websocket_connection.hpp) instead.
#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <coroutine>
#include <optional>
#include <string>

#include "spur/core/handler.hpp"
#include "spur/http/request_reader.hpp"
#include "websocket_connection.hpp"

namespace spur::server {

class Worker;

class Session final : public detail::StreamSink,
                      private detail::BodySource,
                      private WebSocketConnection::Transport {
 public:
  using clock = std::chrono::steady_clock;

  Session(Worker& worker, boost::asio::ip::tcp::socket socket);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start();
  // The worker's tick: acts on an expired deadline.
  void check_deadline(clock::time_point now);
  // Graceful shutdown: close now if no request is in progress.
  void drain();
  // Immediate close of the socket.
  void close() noexcept;
  // Hands the session back to the worker (deleting it) once it is closed and
  // no operation or handler refers to it any more. Call last.
  void release_if_done() noexcept;

  Session* next_ = nullptr;  // the worker's intrusive list
  Session* prev_ = nullptr;

  // StreamSink: the streamed body's producer writes through these.
  void send(std::string_view bytes) override;
  bool closed() const noexcept override { return closed_; }
  std::size_t unsent() const noexcept override { return out_.size() + in_flight_.size(); }
  void park(std::coroutine_handle<> h, bool until_drained,
            std::optional<clock::time_point> deadline) override;
  void notify() override;

 private:
  // detail::BodySource: a streamed request body, for the handler.
  Status next(std::string_view& piece) override;
  void park(std::coroutine_handle<> h) override { body_waiter_ = h; }
  int error_status() const noexcept override;
  std::string error_message() const override;
  void wake_body_reader();

  // WebSocketConnection::Transport (flush() and unsent() serve both).
  std::string& output() noexcept override { return out_; }
  void resume_reading() override { read(); }
  void end() override;
  void post(std::function<void()> f) override;
  void start_websocket(std::shared_ptr<const detail::WebSocketUpgrade> upgrade);
  void read_websocket();

  void read();
  void on_read(const boost::system::error_code& ec, std::size_t n);
  void process();
  void dispatch();
  void finish(Response response);
  void answer_error(int status, std::string_view message);
  void flush() override;
  void on_write(const boost::system::error_code& ec);
  void send_file();
  void shutdown_after_write();
  enum class Deadline { none, header, body, idle, linger };
  // Arms the read deadline the reader's phase calls for (see docs/http.md).
  void arm_read_deadline();
  void arm(Deadline kind, std::chrono::milliseconds after);
  bool idle() const noexcept;
  static void on_task_done(void* self);
  void start_stream(const StreamBody& body);
  void probe();
  void take_stashed(std::string_view bytes);
  static void on_stream_done(void* self);
  // Resumes the parked producer (from the event loop), if any.
  void wake_producer();

  Worker& worker_;
  boost::asio::ip::tcp::socket socket_;
  http::RequestReader reader_;
  std::string client_address_;  // the peer, as handlers see it
  std::string out_;             // responses not yet handed to the socket
  std::string in_flight_;       // the bytes of the write in progress
  // The file body still to send after out_; while it is pending no later
  // request is processed, so responses stay in order.
  std::optional<FileBody> file_;
  std::optional<Request> request_;
  Task<Response> task_;

  clock::time_point read_deadline_ = clock::time_point::max();
  clock::time_point write_deadline_ = clock::time_point::max();
  Deadline armed_ = Deadline::none;

  // A streamed body in progress: its producer, and where it waits.
  std::shared_ptr<const StreamBody> stream_body_;
  std::optional<StreamWriter> writer_;
  Task<void> stream_task_;
  std::coroutine_handle<> parked_;
  bool parked_until_drained_ = false;
  boost::asio::steady_timer stream_timer_;
  bool stream_timer_armed_ = false;
  std::atomic<int> notifies_in_flight_{0};  // posted by notify(), not yet run
  bool streaming_ = false;
  bool stream_chunked_ = false;
  std::array<char, 512> probe_buffer_;
  std::string stashed_;  // what the client sent while a stream ran

  // After a 101: the WebSocket on this connection, and its read buffer.
  std::unique_ptr<WebSocketConnection> ws_;
  std::unique_ptr<char[]> ws_buffer_;
  bool ws_ending_ = false;  // close once the output is written

  // A handler waiting for more of its streamed request body.
  std::coroutine_handle<> body_waiter_;
  bool body_timed_out_ = false;

  bool reading_ = false;
  bool writing_ = false;
  bool handler_running_ = false;
  bool keep_alive_ = true;  // false: close after the responses in out_
  bool closed_ = false;
  bool lingering_ = false;
};

}  // namespace spur::server
