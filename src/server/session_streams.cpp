// What flows while a handler runs: a streamed response (the producer writes,
// the session sends and paces it) and a streamed request body (the handler
// reads, the session fills it from the socket).
#include <exception>

#include "session.hpp"
#include "spur/core/error_boundary.hpp"
#include "spur/http/serializer.hpp"
#include "worker.hpp"

namespace spur::server {

namespace asio = boost::asio;
using http::Deadline;

// --- Streamed responses --------------------------------------------------------------

void Session::start_stream() {
  state_ = State::streaming;
  arm(Deadline::none, {});  // the server is the one talking now
  stream_.writer.emplace(stream_);
  Async<void> producer;
  try {
    producer = (*stream_.body)(*stream_.writer);
  } catch (...) {
    end_stream(std::current_exception());
    return;
  }
  // What it awaits (a fetch, a proxied body) is abandoned when the client leaves.
  detail::bind_client_gone(producer, &client_gone_);
  flush();
  probe();
  ++holds_;
  // Its end is always taken from the loop, never from inside start_stream().
  detail::spawn(
      std::move(producer), [this](std::function<void()> f) { post(std::move(f)); },
      [this](detail::Outcome<void> outcome) {
        post([this, error = outcome.error] {
          --holds_;
          end_stream(error);
        });
      });
}

void Session::end_stream(std::exception_ptr failure) {
  if (failure) {
    // The head is out: the client can only learn of it by the body ending
    // without its last chunk.
    detail::log_exception(failure, *request_, "stream");
    close();
  }
  stream_.body.reset();
  stream_.writer.reset();
  request_.reset();
  reader_.release();
  take_stashed();
  if (state_ == State::closed) return;
  state_ = State::reading;
  if (stream_.chunked) http::write_last_chunk(out_);
  flush();
  process();
}

Session::ResponseStream::ResponseStream(Session& s) : s_(s), timer_(s.worker_.io()) {}

void Session::ResponseStream::send(std::string_view bytes) {
  if (s_.state_ != State::streaming) return;
  if (chunked)
    http::write_chunk(s_.out_, bytes);
  else
    s_.out_ += bytes;
  s_.flush();
}

bool Session::ResponseStream::closed() const noexcept { return s_.state_ == State::closed; }

std::size_t Session::ResponseStream::unsent() const noexcept {
  return s_.out_.size() + s_.in_flight_.size();
}

void Session::ResponseStream::park(std::coroutine_handle<> h, bool until_drained,
                                   std::optional<clock::time_point> deadline) {
  parked_ = h;
  until_drained_ = until_drained;
  if (closed()) {
    wake();
    return;
  }
  if (deadline) {
    ++s_.holds_;
    timer_.expires_at(*deadline);
    timer_.async_wait([this](const boost::system::error_code& ec) {
      --s_.holds_;
      if (!ec) wake();
      s_.release();
    });
  }
}

void Session::ResponseStream::notify() {
  s_.post([this] {
    if (s_.state_ == State::streaming && parked_ && !until_drained_) wake();
  });
}

void Session::ResponseStream::wake() {
  if (!parked_) return;
  const std::coroutine_handle<> h = std::exchange(parked_, {});
  until_drained_ = false;
  timer_.cancel();
  s_.post([h] { h.resume(); });
}

void Session::ResponseStream::drained() {
  if (parked_ && until_drained_ && unsent() <= StreamWriter::high_water / 2)
    wake();  // the client caught up
}

// --- Streamed request bodies ---------------------------------------------------

detail::BodySource::Status Session::RequestBody::next(std::string_view& piece) {
  using Event = http::RequestReader::BodyEvent;
  if (s_.state_ == State::closed || timed_out) return Status::error;
  for (;;) {
    switch (s_.reader_.next_body(piece)) {
      case Event::data: return Status::data;
      case Event::end: return Status::end;
      case Event::error: return Status::error;
      case Event::send_continue:
        s_.out_ += http::continue_response;
        s_.flush();
        continue;
      case Event::need_more:
        s_.arm(Deadline::body, s_.timeout_of(Deadline::body));
        s_.read();
        return Status::waiting;
    }
  }
}

int Session::RequestBody::error_status() const noexcept {
  if (timed_out) return 408;
  if (s_.state_ == State::closed) return 400;
  return http::to_status(s_.reader_.error());
}

std::string Session::RequestBody::error_message() const {
  if (timed_out) return std::string(http::describe(http::Error::body_timeout));
  if (s_.state_ == State::closed)
    return "the client closed the connection before sending the whole body";
  return std::string(http::describe(s_.reader_.error()));
}

void Session::RequestBody::wake() {
  if (!waiter_) return;
  const std::coroutine_handle<> h = std::exchange(waiter_, {});
  s_.post([h] { h.resume(); });
}

}  // namespace spur::server
