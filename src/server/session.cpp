#include "session.hpp"

#include <sys/sendfile.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstring>
#include <exception>

#include "spur/core/access.hpp"
#include "spur/core/error_body.hpp"
#include "spur/core/error_boundary.hpp"
#include "spur/http/serializer.hpp"
#include "spur/http/status.hpp"
#include "spur/http/websocket_codec.hpp"
#include "worker.hpp"

namespace spur::server {

namespace asio = boost::asio;
using detail::RequestAccess;
using detail::ResponseAccess;
using http::Deadline;

namespace {
// What a client may send while its response streams before the server stops
// reading from it (and so stops noticing a disconnect before the next write).
constexpr std::size_t stash_limit = 64 * 1024;
// How long a closing connection keeps draining what the client still sends,
// so that the kernel does not answer it with a reset that destroys our reply.
constexpr auto linger_time = std::chrono::seconds(2);
// The most a file body sends before letting the worker's other connections
// run: a fast reader must not monopolise the event loop.
constexpr std::size_t file_bytes_per_turn = 1024 * 1024;
}  // namespace

Session::Session(Worker& worker, asio::ip::tcp::socket socket)
    : worker_(worker),
      socket_(std::move(socket)),
      reader_(worker.options().limits),
      stream_(*this),
      body_(*this),
      ws_transport_(*this) {
  if (worker.options().body_policy) reader_.set_body_policy(worker.options().body_policy);
  reader_.set_budget(&worker.body_budget());
  boost::system::error_code ec;
  asio::ip::address peer = socket_.remote_endpoint(ec).address();
  // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d.
  if (peer.is_v6() && peer.to_v6().is_v4_mapped())
    peer = asio::ip::make_address_v4(asio::ip::v4_mapped, peer.to_v6());
  if (!ec) client_address_ = peer.to_string();
}

Session::~Session() = default;

void Session::release() noexcept { worker_.release(*this); }

void Session::post(std::function<void()> f) {
  ++holds_;
  asio::post(worker_.io(), [this, f = std::move(f)] {
    f();
    --holds_;
    release();
  });
}

void Session::start() {
  // A fresh connection must deliver a head as quickly as a kept-alive one.
  arm(Deadline::header, timeout_of(Deadline::header));
  read();
}

// --- Reading -----------------------------------------------------------------

void Session::read() {
  if (ws_) {
    read_websocket();
    return;
  }
  if (reading_ || state_ == State::closed) return;
  const std::span<char> space = reader_.prepare();
  read_some(asio::buffer(space.data(), space.size()), [this](std::size_t n) { on_read(n); });
}

void Session::on_read(std::size_t n) {
  if (state_ == State::lingering) {  // discard: we are only waiting for the client's FIN
    read();
    return;
  }
  reader_.commit(n);
  if (body_.waiting()) {
    arm(Deadline::none, {});
    body_.wake();  // the handler reads its body: more of it arrived
    return;
  }
  if (state_ == State::streaming) {
    probe();  // what arrived waits in the reader; keep watching for a disconnect
    return;
  }
  process();
}

// While a stream or an asynchronous handler runs, a read into a small side
// buffer notices the client going away (EOF or reset) at once, rather than at
// the next write. Bytes that arrive meanwhile (the next request) are kept
// aside and handed to the reader once the response is out, when the request's
// buffer is released.
void Session::probe() {
  if (reading_ || state_ == State::closed) return;
  read_some(asio::buffer(probe_buffer_), [this](std::size_t n) {
    stashed_.append(probe_buffer_.data(), n);
    if (state_ == State::streaming || state_ == State::handling) {
      if (stashed_.size() < stash_limit) probe();
    } else if (state_ != State::sending_file) {  // a file takes them when it is sent
      take_stashed();
      process();
    }
  });
}

void Session::take_stashed() {
  if (stashed_.empty()) return;
  std::span<char> space = reader_.prepare(stashed_.size());
  std::memcpy(space.data(), stashed_.data(), stashed_.size());
  reader_.commit(stashed_.size());
  stashed_.clear();
}

// --- Requests ------------------------------------------------------------------

void Session::process() {
  using Event = http::RequestReader::Event;
  while (state_ == State::reading && keep_alive_) {
    // A pipelining client that does not read gets no more requests processed
    // until it does (resumed by on_write): memory stays bounded.
    if (out_.size() >= worker_.options().limits.max_unsent_output_bytes) break;
    switch (reader_.next()) {
      case Event::need_more:
        arm_read_deadline();
        flush();
        read();
        return;
      case Event::send_continue: out_ += http::continue_response; break;
      case Event::error: {
        const http::Error e = reader_.error();
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
  had_request_ = true;
  request_.emplace(reader_.head(), reader_.body());
  RequestAccess::set_client_address(*request_, client_address_);
  body_.timed_out = false;
  if (reader_.streamed()) detail::BodyStreamAccess::attach(request_->body_stream(), &body_);
  state_ = State::handling;
  Async<Response> task;
  try {
    task = worker_.handler()(*request_);
  } catch (...) {  // a plain function (not an App) that throws before it has a task
    state_ = State::reading;
    finish(detail::answer_exception(std::current_exception(), *request_));
    return;
  }
  ++holds_;
  dispatching_ = true;  // a handler that finishes at once leaves process()'s loop to go on
  detail::bind_client_gone(task, &client_gone_);
  detail::spawn(
      std::move(task), [this](std::function<void()> f) { post(std::move(f)); },
      [this](detail::Outcome<Response> outcome) {
        --holds_;
        const bool finished_at_once = dispatching_;
        if (state_ == State::closed) {
          request_.reset();
          return;
        }
        state_ = State::reading;
        finish(outcome.error ? detail::answer_exception(outcome.error, *request_)
                             : std::move(*outcome.value));
        if (!finished_at_once) {
          if (state_ == State::reading) {  // what the probe kept is the next request
            take_stashed();
          }
          process();
        }
      });
  dispatching_ = false;
  // Still running: watch for the client leaving. Not while the handler reads
  // a streamed body (that is the session's reading), nor for an upgrade,
  // whose first frames belong to the WebSocket.
  if (state_ == State::handling && !reader_.streamed() &&
      !http::ws::asks_for_websocket(reader_.head()))
    probe();
}

void Session::finish(Response response) {
  const http::RequestHead& head = reader_.head();
  const int status = response.status();
  // A streamed request body the handler left unread is not read: the
  // connection closes after this response (413 costs no upload).
  const bool body_unread = reader_.streamed() && !reader_.body_complete();
  if (status == 101) {
    if (std::shared_ptr<const detail::WebSocketUpgrade> upgrade =
            ResponseAccess::upgrade(response)) {
      if (!keep_alive_ || worker_.draining()) {  // no new sockets while shutting down
        answer_error(503, "Service Unavailable: the server is shutting down");
        reader_.release();
        return;
      }
      http::write_head(out_, {.status = status, .fields = &response.headers()});
      start_websocket(std::move(upgrade));  // the request stays valid while it runs
      return;
    }
  }
  std::shared_ptr<const StreamBody> stream = ResponseAccess::stream(response);
  const http::ResponseFraming framing = http::frame_response(head, {.status = status,
                                                                    .streamed = stream != nullptr,
                                                                    .keep_alive = keep_alive_,
                                                                    .draining = worker_.draining(),
                                                                    .body_unread = body_unread});
  keep_alive_ = framing.keep_alive;
  http::write_head(out_, {.status = status,
                          .fields = &response.headers(),
                          .content_length = response.content_length(),
                          .chunked = framing.chunked,
                          .keep_alive = keep_alive_,
                          .version_minor = head.version_minor});
  if (stream && framing.send_body) {
    stream_.body = std::move(stream);  // its captures outlive `response`
    stream_.chunked = framing.chunked;
    start_stream();  // the request stays valid until the stream ends
    return;
  }
  if (framing.send_body && !stream) {
    std::optional<FileBody> file = response.file_body();
    if (file && file->length > 0) {
      file_ = std::move(file);  // sent by send_file() once out_ is written
      state_ = State::sending_file;
    } else {
      out_ += response.body();
    }
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
  const std::string body = detail::error_body(message);
  http::Fields fields;
  fields.append("Content-Type", "application/json");
  if (status == 503) fields.append("Retry-After", "1");  // busy or restarting: soon
  http::write_head(
      out_,
      {.status = status, .fields = &fields, .content_length = body.size(), .keep_alive = false});
  out_ += body;
  arm(Deadline::none, {});
}

// --- Writing -------------------------------------------------------------------

void Session::flush() {
  if (writing_ || state_ == State::closed) return;
  if (out_.empty()) {
    if (file_)
      send_file();
    else if (!keep_alive_ && state_ == State::reading)
      shutdown_after_write();
    return;
  }
  writing_ = true;
  ++holds_;
  std::swap(out_, in_flight_);
  write_deadline_ = clock::now() + worker_.options().timeouts.write;
  asio::async_write(socket_, asio::buffer(in_flight_),
                    [this](const boost::system::error_code& ec, std::size_t) {
                      --holds_;
                      on_write(ec);
                      release();
                    });
}

void Session::on_write(const boost::system::error_code& ec) {
  writing_ = false;
  write_deadline_ = clock::time_point::max();
  in_flight_.clear();
  if (state_ == State::closed) return;
  if (ec) {
    close();
    return;
  }
  if (ws_) {
    if (!out_.empty()) flush();
    if (state_ == State::websocket) ws_->on_drained();
    if (ws_transport_.ending && out_.empty() && !writing_) shutdown_after_write();
    return;
  }
  if (state_ == State::streaming) stream_.drained();
  if (!out_.empty() || file_)
    flush();
  else if (!keep_alive_ && state_ == State::reading)
    shutdown_after_write();
  else if (state_ == State::reading)
    process();  // it may have paused at the high watermark
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
      post([this] {
        if (state_ == State::closed)
          on_write(asio::error::operation_aborted);
        else
          send_file();
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
      ++holds_;
      socket_.async_wait(asio::ip::tcp::socket::wait_write,
                         [this](const boost::system::error_code& e) {
                           --holds_;
                           if (e || state_ == State::closed)
                             on_write(e ? e : make_error_code(asio::error::operation_aborted));
                           else
                             send_file();
                           release();
                         });
      return;
    } else if (n == 0) {
      ec = asio::error::eof;  // the file shrank: the promised length cannot be kept
    } else if (errno != EINTR) {
      ec.assign(errno, boost::system::system_category());
    }
  }
  file_.reset();
  if (state_ == State::sending_file) {
    state_ = State::reading;
    take_stashed();  // what a probe kept while the handler ran
  }
  on_write(ec);
}

void Session::shutdown_after_write() {
  if (state_ == State::lingering || state_ == State::closed) return;
  state_ = State::lingering;
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  arm(Deadline::linger, linger_time);
  read();
}

// --- Deadlines -------------------------------------------------------------------

std::chrono::milliseconds Session::timeout_of(Deadline kind) const noexcept {
  const http::Timeouts& t = worker_.options().timeouts;
  switch (kind) {
    case Deadline::header: return t.header;
    case Deadline::body: return t.body;
    case Deadline::idle: return t.idle;
    case Deadline::linger: return linger_time;
    case Deadline::none: break;
  }
  return {};
}

void Session::arm(Deadline kind, std::chrono::milliseconds after) {
  armed_ = kind;
  read_deadline_ = kind == Deadline::none ? clock::time_point::max() : clock::now() + after;
}

// Arms the read deadline the reader's phase calls for (see docs/http.md).
void Session::arm_read_deadline() {
  const http::DeadlineChoice choice = http::read_deadline(reader_.phase(), armed_);
  if (choice.restart) arm(choice.deadline, timeout_of(choice.deadline));
}

void Session::check_deadline(clock::time_point now) {
  if (state_ == State::closed) return;
  if (now >= write_deadline_) {
    close();  // the client stopped reading
    return;
  }
  if (ws_) {
    if (state_ == State::lingering && now >= read_deadline_)
      close();
    else if (state_ == State::websocket)
      ws_->tick(now);
    return;
  }
  if (now < read_deadline_) return;
  const Deadline expired = armed_;
  arm(Deadline::none, {});
  switch (http::on_deadline(expired, reader_.phase(), state_ == State::handling, writing_)) {
    case http::DeadlineAction::fail_body_read:
      body_.timed_out = true;  // the handler's read() throws 408
      body_.wake();
      return;
    case http::DeadlineAction::close: close(); return;
    case http::DeadlineAction::answer_timeout: {
      const http::Error e = http::timeout_error(expired);
      answer_error(http::to_status(e), http::describe(e));
      flush();
      return;
    }
  }
}

// --- Lifetime ------------------------------------------------------------------

bool Session::idle() const noexcept {
  return state_ == State::reading && reader_.phase() == http::RequestReader::Phase::idle &&
         !writing_ && out_.empty();
}

void Session::drain() {
  switch (state_) {
    case State::closed:
    case State::lingering: return;
    case State::websocket:
      ws_->going_away();
      return;                                // Close 1001; the client answers, then the end
    case State::streaming: close(); return;  // an endless stream must not hold shutdown up
    case State::handling:
    case State::sending_file: return;  // finishes, then closes (keep-alive ends while draining)
    case State::reading:
      if (reader_.phase() != http::RequestReader::Phase::idle) return;
      // A connection that has sent nothing yet is not idle: its request may
      // be on its way (the header deadline bounds the wait).
      if (!had_request_) return;
      if (writing_) {
        keep_alive_ = false;  // close once the last response is out
        return;
      }
      close();
      return;
  }
}

void Session::close() noexcept {
  if (state_ == State::closed) return;
  const State was = state_;
  state_ = State::closed;
  client_gone_->store(true, std::memory_order_relaxed);
  file_.reset();
  boost::system::error_code ignored;
  socket_.close(ignored);
  // A parked producer learns at once that its client is gone.
  if (was == State::streaming) stream_.wake();
  if (ws_) ws_->on_transport_closed();
  body_.wake();
}

}  // namespace spur::server
