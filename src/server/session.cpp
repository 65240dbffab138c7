#include "session.hpp"

#include <sys/sendfile.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

#include "spur/core/error_response.hpp"
#include "spur/http/serializer.hpp"
#include "spur/http/status.hpp"
#include "worker.hpp"

namespace spur::server {

namespace asio = boost::asio;
using detail::error_body;
using detail::response_for_exception;
using detail::take_result;

namespace {
// Past this many bytes of unsent responses, a pipelining client that does not
// read gets no more requests processed until it does: memory stays bounded.
constexpr std::size_t output_high_watermark = 1024 * 1024;
// What a client may send while its response streams before the server stops
// reading from it (and so stops noticing a disconnect before the next write).
constexpr std::size_t stash_limit = 64 * 1024;
// How long a closing connection keeps draining what the client still sends,
// so that the kernel does not answer it with a reset that destroys our reply.
constexpr auto linger_time = std::chrono::seconds(2);
// The most a file body sends before letting the worker's other connections
// run: a fast reader must not monopolise the event loop.
constexpr std::size_t file_bytes_per_turn = 1024 * 1024;
// A WebSocket connection's read buffer.
constexpr std::size_t websocket_read_bytes = 16 * 1024;
}  // namespace

Session::Session(Worker& worker, asio::ip::tcp::socket socket)
    : worker_(worker),
      socket_(std::move(socket)),
      reader_(worker.options().limits),
      stream_timer_(worker.io()) {
  if (worker.options().stream_body) reader_.set_body_policy(worker.options().stream_body);
  boost::system::error_code ec;
  asio::ip::address peer = socket_.remote_endpoint(ec).address();
  // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d.
  if (peer.is_v6() && peer.to_v6().is_v4_mapped())
    peer = asio::ip::make_address_v4(asio::ip::v4_mapped, peer.to_v6());
  if (!ec) client_address_ = peer.to_string();
}

void Session::start() {
  // A fresh connection must deliver a head as quickly as a kept-alive one.
  arm(Deadline::header, worker_.options().timeouts.header);
  read();
}

void Session::read() {
  if (ws_) {
    read_websocket();
    return;
  }
  if (reading_ || closed_) return;
  reading_ = true;
  std::span<char> space = reader_.prepare();
  socket_.async_read_some(asio::buffer(space.data(), space.size()),
                          [this](const boost::system::error_code& ec, std::size_t n) {
                            on_read(ec, n);
                            release_if_done();
                          });
}

void Session::on_read(const boost::system::error_code& ec, std::size_t n) {
  reading_ = false;
  if (closed_) return;
  if (ec) {
    close();  // EOF or reset: nothing more can be answered
    return;
  }
  if (lingering_) {  // discard: we are only waiting for the client's FIN
    read();
    return;
  }
  reader_.commit(n);
  if (body_waiter_) {
    arm(Deadline::none, {});
    wake_body_reader();  // the handler reads its body: more of it arrived
    return;
  }
  if (streaming_) {
    probe();  // what arrived waits in the reader; keep watching for a disconnect
    return;
  }
  process();
}

void Session::arm_read_deadline() {
  using Phase = http::RequestReader::Phase;
  const auto& t = worker_.options().timeouts;
  switch (reader_.phase()) {
    case Phase::head:
      // Measured from the head's first byte (or from accept, for a new
      // connection): trickled bytes do not extend it.
      if (armed_ != Deadline::header) arm(Deadline::header, t.header);
      break;
    case Phase::body:
      arm(Deadline::body, t.body);  // progress resets the stall clock
      break;
    case Phase::idle:
      if (armed_ != Deadline::idle && armed_ != Deadline::header) arm(Deadline::idle, t.idle);
      break;
    case Phase::ready: arm(Deadline::none, {}); break;
  }
}

void Session::arm(Deadline kind, std::chrono::milliseconds after) {
  armed_ = kind;
  read_deadline_ = kind == Deadline::none ? clock::time_point::max() : clock::now() + after;
}

void Session::process() {
  using Event = http::RequestReader::Event;
  if (streaming_ || ws_) return;  // the next request waits for the stream's end
  while (!closed_ && !handler_running_ && !streaming_ && !ws_ && keep_alive_ && !lingering_ &&
         !file_) {
    if (out_.size() >= output_high_watermark) break;  // resumed by on_write
    switch (reader_.next()) {
      case Event::need_more:
        arm_read_deadline();
        flush();
        read();
        return;
      case Event::send_continue: out_ += http::continue_response; break;
      case Event::error: {
        http::Error e = reader_.error();
        answer_error(http::to_status(e), http::describe(e));
        break;
      }
      case Event::request: dispatch(); break;
    }
  }
  flush();
}

void Session::dispatch() {
  arm(Deadline::none, {});  // the handler's time is not the client's
  keep_alive_ = reader_.head().keep_alive && !worker_.draining();
  request_.emplace(reader_.head(), reader_.body());
  request_->set_client_address(client_address_);
  body_timed_out_ = false;
  if (reader_.streamed()) request_->body_stream().attach(this);
  try {
    task_ = worker_.handler()(*request_);
    task_.start();
  } catch (...) {  // a handler that throws before its first suspension
    finish(response_for_exception(std::current_exception(), *request_));
    return;
  }
  if (task_.done()) {
    finish(take_result(task_, *request_));
  } else {
    handler_running_ = true;
    task_.when_done(&Session::on_task_done, this);
  }
}

void Session::on_task_done(void* self) {
  // Called from inside the coroutine's final suspend: continue from the loop
  // instead, so the frame is destroyed after it has fully suspended.
  auto* s = static_cast<Session*>(self);
  asio::post(s->worker_.io(), [s] {
    s->handler_running_ = false;
    if (s->closed_) {
      s->task_ = {};
      s->request_.reset();
    } else {
      s->finish(take_result(s->task_, *s->request_));
      s->process();
    }
    s->release_if_done();
  });
}

void Session::finish(Response response) {
  task_ = {};
  const http::RequestHead& head = reader_.head();
  keep_alive_ = keep_alive_ && !worker_.draining();
  const int status = response.status();
  const bool body_allowed = !http::status_forbids_body(status);
  const StreamBody* stream = response.stream_body();
  // A streamed request body the handler left unread is not read: the
  // connection closes after this response (413 costs no upload).
  const bool body_unread = reader_.streamed() && !reader_.body_complete();
  if (body_unread) keep_alive_ = false;
  // A stream's length is unknown: chunked on HTTP/1.1, the connection's end
  // on HTTP/1.0.
  stream_chunked_ = stream && head.version_minor >= 1;
  if (stream && !stream_chunked_) keep_alive_ = false;
  if (status == 101 && response.websocket() && !keep_alive_) {
    answer_error(503, "Service Unavailable: the server is shutting down");  // no new sockets
    request_.reset();
    reader_.release();
    return;
  }
  if (status == 101 && response.websocket()) {
    http::write_head(out_, {.status = status, .fields = response.header_lines()});
    start_websocket(response.websocket());  // the request stays valid while it runs
    return;
  }
  http::write_head(out_, {.status = status,
                          .fields = response.header_lines(),
                          .content_length = response.content_length(),
                          .chunked = stream_chunked_,
                          .keep_alive = keep_alive_,
                          .version_minor = head.version_minor});
  if (stream && body_allowed && head.method != http::Method::head) {
    stream_body_ = response.share_stream_body();  // its captures outlive `response`
    start_stream(*stream_body_);                  // the request stays valid until the stream ends
    return;
  }
  if (body_allowed && head.method != http::Method::head && !stream) {
    if (response.file_body() && response.file_body()->length > 0)
      file_ = response.file_body();  // sent by send_file() once out_ is written
    else
      out_ += response.body();
  }
  request_.reset();
  if (body_unread)
    reader_.abandon_body();
  else
    reader_.release();
}

void Session::answer_error(int status, std::string_view message) {
  keep_alive_ = false;
  request_.reset();
  const std::string body = error_body(message);
  http::write_head(out_, {.status = status,
                          .fields = "Content-Type: application/json\r\n",
                          .content_length = body.size(),
                          .keep_alive = false});
  out_ += body;
  arm(Deadline::none, {});
}

void Session::flush() {
  if (writing_ || closed_) return;
  if (out_.empty()) {
    if (file_)
      send_file();
    else if (!keep_alive_ && !handler_running_ && !streaming_)
      shutdown_after_write();
    return;
  }
  writing_ = true;
  std::swap(out_, in_flight_);
  write_deadline_ = clock::now() + worker_.options().timeouts.write;
  asio::async_write(socket_, asio::buffer(in_flight_),
                    [this](const boost::system::error_code& ec, std::size_t) {
                      on_write(ec);
                      release_if_done();
                    });
}

void Session::on_write(const boost::system::error_code& ec) {
  writing_ = false;
  write_deadline_ = clock::time_point::max();
  in_flight_.clear();
  if (closed_) return;
  if (ec) {
    close();
    return;
  }
  if (ws_) {
    if (!out_.empty()) flush();
    ws_->on_drained();
    if (ws_ending_ && out_.empty() && !writing_) shutdown_after_write();
    return;
  }
  if (streaming_ && parked_until_drained_ && unsent() <= StreamWriter::high_water / 2)
    wake_producer();  // the client caught up
  if (!out_.empty() || file_)
    flush();
  else if (!keep_alive_ && !handler_running_ && !streaming_)
    shutdown_after_write();
  else if (!handler_running_ && !streaming_)
    process();  // it may have paused at the high watermark
}

void Session::start_stream(const StreamBody& body) {
  streaming_ = true;
  arm(Deadline::none, {});  // the server is the one talking now
  writer_.emplace(*this);
  try {
    stream_task_ = body(*writer_);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spur: stream producer failed to start: %s\n", e.what());
    streaming_ = false;
    writer_.reset();
    close();
    return;
  }
  stream_task_.when_done(&Session::on_stream_done, this);
  flush();
  probe();
  stream_task_.start();
}

// While a stream runs, a read into a small side buffer notices the client
// going away (EOF or reset) at once, rather than at the next write. Bytes that
// arrive meanwhile (the next request) are kept aside and handed to the reader
// once the stream is over, when the streaming request's buffer is released.
void Session::probe() {
  if (reading_ || closed_) return;
  reading_ = true;
  socket_.async_read_some(asio::buffer(probe_buffer_),
                          [this](const boost::system::error_code& ec, std::size_t n) {
                            reading_ = false;
                            if (!closed_) {
                              if (ec) {
                                close();
                              } else if (streaming_) {
                                stashed_.append(probe_buffer_.data(), n);
                                if (stashed_.size() < stash_limit) probe();
                              } else {
                                take_stashed(std::string_view(probe_buffer_.data(), n));
                                process();
                              }
                            }
                            release_if_done();
                          });
}

void Session::take_stashed(std::string_view bytes) {
  if (bytes.empty()) return;
  std::span<char> space = reader_.prepare(bytes.size());
  std::memcpy(space.data(), bytes.data(), bytes.size());
  reader_.commit(bytes.size());
}

void Session::on_stream_done(void* self) {
  // Called from the producer's final suspend: continue from the loop.
  auto* s = static_cast<Session*>(self);
  asio::post(s->worker_.io(), [s] {
    try {
      s->stream_task_.result();
    } catch (const std::exception& e) {
      // The head is out: the client can only learn of it by the body ending
      // without its last chunk.
      std::fprintf(stderr, "spur: stream producer failed: %s\n", e.what());
      s->close();
    } catch (...) {
      std::fprintf(stderr, "spur: stream producer failed\n");
      s->close();
    }
    s->stream_task_ = {};
    s->stream_body_.reset();
    s->writer_.reset();
    s->streaming_ = false;
    s->request_.reset();
    s->reader_.release();
    s->take_stashed(s->stashed_);
    s->stashed_.clear();
    if (!s->closed_) {
      if (s->stream_chunked_) http::write_last_chunk(s->out_);
      s->flush();
      s->process();
    }
    s->release_if_done();
  });
}

void Session::send(std::string_view bytes) {
  if (closed_ || !streaming_) return;
  if (stream_chunked_)
    http::write_chunk(out_, bytes);
  else
    out_ += bytes;
  flush();
}

void Session::park(std::coroutine_handle<> h, bool until_drained,
                   std::optional<clock::time_point> deadline) {
  parked_ = h;
  parked_until_drained_ = until_drained;
  if (closed_) {
    wake_producer();
    return;
  }
  if (deadline) {
    stream_timer_armed_ = true;
    stream_timer_.expires_at(*deadline);
    stream_timer_.async_wait([this](const boost::system::error_code& ec) {
      stream_timer_armed_ = false;
      if (!ec) wake_producer();
      release_if_done();
    });
  }
}

void Session::notify() {
  post([this] {
    if (streaming_ && parked_ && !parked_until_drained_) wake_producer();
  });
}

void Session::wake_producer() {
  if (!parked_) return;
  const std::coroutine_handle<> h = std::exchange(parked_, {});
  parked_until_drained_ = false;
  if (stream_timer_armed_) stream_timer_.cancel();
  asio::post(worker_.io(), [this, h] {
    h.resume();
    release_if_done();
  });
}

// Sends file_ from the page cache to the socket with sendfile(2), in
// non-blocking mode: when the socket buffer is full it waits for writability,
// after file_bytes_per_turn it yields to the event loop, and on completion it
// continues as a finished write. Progress re-arms the write timeout, so a slow
// but steady reader is not cut off while one that stops reading is.
void Session::send_file() {
  writing_ = true;
  boost::system::error_code ec;
  if (!socket_.native_non_blocking()) socket_.native_non_blocking(true, ec);
  std::size_t sent_this_turn = 0;
  write_deadline_ = clock::now() + worker_.options().timeouts.write;
  while (!ec && file_->length > 0) {
    if (sent_this_turn >= file_bytes_per_turn) {
      asio::post(worker_.io(), [this] {
        if (closed_)
          on_write(asio::error::operation_aborted);
        else
          send_file();
        release_if_done();
      });
      return;
    }
    auto offset = static_cast<off_t>(file_->offset);
    const std::size_t count = std::min<std::uint64_t>(file_->length, file_bytes_per_turn);
    const ssize_t n = ::sendfile(socket_.native_handle(), file_->file->fd(), &offset, count);
    if (n > 0) {
      file_->offset += static_cast<std::uint64_t>(n);
      file_->length -= static_cast<std::uint64_t>(n);
      sent_this_turn += static_cast<std::size_t>(n);
      write_deadline_ = clock::now() + worker_.options().timeouts.write;
    } else if (n < 0 && errno == EAGAIN) {
      socket_.async_wait(asio::ip::tcp::socket::wait_write,
                         [this](const boost::system::error_code& e) {
                           if (e || closed_)
                             on_write(e ? e : make_error_code(asio::error::operation_aborted));
                           else
                             send_file();
                           release_if_done();
                         });
      return;
    } else if (n == 0) {
      ec = asio::error::eof;  // the file shrank: the promised length cannot be kept
    } else if (errno != EINTR) {
      ec.assign(errno, boost::system::system_category());
    }
  }
  file_.reset();
  on_write(ec);
}

void Session::shutdown_after_write() {
  if (lingering_ || closed_) return;
  lingering_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  arm(Deadline::linger, linger_time);
  read();
}

void Session::check_deadline(clock::time_point now) {
  if (closed_) return;
  if (now >= write_deadline_) {
    close();  // the client stopped reading
    return;
  }
  if (ws_) {
    if (lingering_ && now >= read_deadline_)
      close();
    else
      ws_->tick(now);
    return;
  }
  if (now < read_deadline_) return;
  if (handler_running_ && armed_ == Deadline::body) {
    arm(Deadline::none, {});
    body_timed_out_ = true;  // the handler's read() throws 408
    wake_body_reader();
    return;
  }
  const Deadline expired = armed_;
  arm(Deadline::none, {});
  // A partial request gets its 408; an idle connection, one that never sent
  // a byte, or one lingering after its last answer is closed quietly.
  const bool partial = reader_.phase() == http::RequestReader::Phase::head ||
                       reader_.phase() == http::RequestReader::Phase::body;
  if (!partial || writing_ || (expired != Deadline::header && expired != Deadline::body)) {
    close();
    return;
  }
  const http::Error e =
      expired == Deadline::body ? http::Error::body_timeout : http::Error::header_timeout;
  answer_error(http::to_status(e), http::describe(e));
  flush();
}

void Session::drain() {
  if (closed_) return;
  if (ws_) {
    ws_->going_away();  // Close 1001; the client answers, then the connection ends
    return;
  }
  if (streaming_) {
    close();  // an endless stream must not hold shutdown up
    return;
  }
  if (handler_running_ || reader_.phase() != http::RequestReader::Phase::idle)
    return;  // finishes, then closes
  if (writing_) {
    keep_alive_ = false;  // close once the last response is out
    return;
  }
  close();
}

void Session::close() noexcept {
  if (closed_) return;
  closed_ = true;
  file_.reset();
  boost::system::error_code ignored;
  socket_.close(ignored);
  // A parked producer learns at once that its client is gone.
  if (streaming_) wake_producer();
  if (ws_) ws_->on_transport_closed();
  wake_body_reader();
}

detail::BodySource::Status Session::next(std::string_view& piece) {
  using Event = http::RequestReader::BodyEvent;
  if (closed_ || body_timed_out_) return Status::error;
  for (;;) {
    switch (reader_.next_body(piece)) {
      case Event::data: return Status::data;
      case Event::end: return Status::end;
      case Event::error: return Status::error;
      case Event::send_continue:
        out_ += http::continue_response;
        flush();
        continue;
      case Event::need_more:
        arm(Deadline::body, worker_.options().timeouts.body);
        read();
        return Status::waiting;
    }
  }
}

int Session::error_status() const noexcept {
  if (body_timed_out_) return 408;
  if (closed_) return 400;
  return http::to_status(reader_.error());
}

std::string Session::error_message() const {
  if (body_timed_out_) return std::string(http::describe(http::Error::body_timeout));
  if (closed_) return "the client closed the connection before sending the whole body";
  return std::string(http::describe(reader_.error()));
}

void Session::wake_body_reader() {
  if (!body_waiter_) return;
  const std::coroutine_handle<> h = std::exchange(body_waiter_, {});
  asio::post(worker_.io(), [this, h] {
    h.resume();
    release_if_done();
  });
}

void Session::start_websocket(std::shared_ptr<const detail::WebSocketUpgrade> upgrade) {
  arm(Deadline::none, {});  // the WebSocket pings a silent client instead
  ws_buffer_ = std::make_unique<char[]>(websocket_read_bytes);
  Transport& transport = *this;
  ws_ = std::make_unique<WebSocketConnection>(transport, std::move(upgrade));
  flush();                              // the 101
  ws_->start(reader_.after_request());  // frames the client sent right behind its handshake
  read_websocket();
}

void Session::read_websocket() {
  if (reading_ || closed_ || (!lingering_ && !ws_->wants_read())) return;
  reading_ = true;
  socket_.async_read_some(asio::buffer(ws_buffer_.get(), websocket_read_bytes),
                          [this](const boost::system::error_code& ec, std::size_t n) {
                            reading_ = false;
                            if (!closed_) {
                              if (ec) {
                                close();
                              } else {
                                if (!lingering_) ws_->on_bytes({ws_buffer_.get(), n});
                                read_websocket();
                              }
                            }
                            release_if_done();
                          });
}

void Session::end() {
  ws_ending_ = true;
  flush();
  if (!writing_ && out_.empty()) shutdown_after_write();
}

void Session::post(std::function<void()> f) {
  // From any thread: the session stays until this has run (see idle()).
  ++notifies_in_flight_;
  asio::post(worker_.io(), [this, f = std::move(f)] {
    f();
    --notifies_in_flight_;
    release_if_done();
  });
}

bool Session::idle() const noexcept {
  return !reading_ && !writing_ && !handler_running_ && !streaming_ && !stream_timer_armed_ &&
         notifies_in_flight_ == 0 && !(ws_ && ws_->busy());
}

void Session::release_if_done() noexcept {
  if (closed_ && idle()) worker_.remove(this);
}

}  // namespace spur::server
