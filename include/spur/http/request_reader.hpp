#pragma once
// The receiving half of an HTTP/1.1 server connection, without I/O: it owns the
// read buffer, finds request heads, frames and de-chunks bodies, and hands out
// one complete request at a time, in order, for pipelining. The socket code
// reads into prepare(), commits, and calls next() until it says need_more.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "spur/http/body_budget.hpp"
#include "spur/http/chunked_decoder.hpp"
#include "spur/http/error.hpp"
#include "spur/http/limits.hpp"
#include "spur/http/parser.hpp"
#include "spur/http/request_head.hpp"

namespace spur::http {

class RequestReader final {
 public:
  enum class Event {
    need_more,      // read more bytes and call next() again
    send_continue,  // the head asks for 100-continue and the body has not begun
    request,        // head() and body() hold a complete request
    error,          // error() says what; the connection must answer and close
  };

  // Where the current request stands, for choosing which timeout applies.
  enum class Phase { idle, head, body, ready };

  explicit RequestReader(const Limits& limits);
  ~RequestReader();
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  // Counts this reader's buffer beyond its first 8 KiB against `budget`, and
  // fails a buffered body that would not fit (Error::body_memory_full)
  // before reading it. Null (the default): no shared budget.
  void set_budget(BodyBudget* budget) noexcept;

  // Decides, once a head with a body is parsed, whether that body streams:
  // the body limit for a streamed body (0: Limits::max_streamed_body_bytes),
  // or nullopt to read it whole before the request is handed out.
  using BodyPolicy = std::function<std::optional<std::uint64_t>(const RequestHead&)>;
  void set_body_policy(BodyPolicy policy);

  // Space for the next read: at least `min` bytes, growing the buffer as a
  // declared body requires. Moves unconsumed bytes to the front when useful;
  // views from a released request are invalid afterwards.
  std::span<char> prepare(std::size_t min = 4096);
  void commit(std::size_t n) noexcept { size_ += n; }

  Event next() noexcept;

  // The current request; valid after next() returned `request`, until release().
  const RequestHead& head() const noexcept { return head_; }
  std::string_view body() const noexcept { return {buf_.get() + body_begin_, body_size_}; }
  Error error() const noexcept { return error_; }
  Phase phase() const noexcept;

  // Drops the current request so the next pipelined one can be read.
  void release() noexcept;

  // A streamed request is handed out (`request`) as soon as its head is
  // complete, with body() empty; its body then comes from next_body().
  bool streamed() const noexcept { return streamed_; }
  enum class BodyEvent { data, end, need_more, send_continue, error };
  // data: `piece` is the next decoded bytes, valid until the next call (which
  // reuses their space); end: the body is complete (release() as usual);
  // need_more: read more bytes; send_continue: as next()'s; error: error().
  BodyEvent next_body(std::string_view& piece) noexcept;
  // True once a streamed body has been read to its end.
  bool body_complete() const noexcept { return state_ == State::ready; }
  // The handler finished without reading all of its streamed body: nothing
  // more can be parsed on this connection.
  void abandon_body() noexcept;

  // What was received after the current request (e.g. a WebSocket's first
  // frames, sent right behind its handshake).
  std::string_view after_request() const noexcept { return {buf_.get() + end_, size_ - end_}; }

  // Bytes received and not yet consumed (the start of the next request).
  std::size_t buffered() const noexcept { return size_ - begin_; }

 private:
  enum class State {
    head,
    content_length_body,
    chunked_body,
    streamed_length_body,
    streamed_chunked_body,
    ready,
    failed
  };

  Event fail(Error e) noexcept {
    error_ = e;
    state_ = State::failed;
    return Event::error;
  }
  void reserve(std::size_t total);
  // The capacity reserve(total) would leave (the current one if it fits).
  std::size_t capacity_for(std::size_t total) const noexcept;
  // Whether the budget (if any) has room for growing the buffer to hold
  // `total` bytes from the current request's start.
  bool affordable(std::size_t total) const noexcept;
  // Brings the budget's count of this buffer up to date with capacity_.
  void account() noexcept;
  Event begin_streamed_body(std::uint64_t limit) noexcept;
  // Moves the bytes from `from` on down to body_begin_ (a streamed body's
  // handed-out piece is dropped that way).
  void compact(std::size_t from) noexcept;

  const Limits* limits_;
  BodyBudget* budget_ = nullptr;
  std::size_t charged_ = 0;  // what budget_ counts for buf_
  std::unique_ptr<char[]> buf_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;     // bytes received into buf_
  std::size_t begin_ = 0;    // start of the current request
  std::size_t scanned_ = 0;  // head bytes known to contain no complete head yet
  State state_ = State::head;
  Error error_{};

  RequestHead head_;
  std::vector<Header> fields_;
  std::size_t body_begin_ = 0;
  std::size_t body_size_ = 0;
  std::size_t raw_pos_ = 0;  // next raw chunked byte
  std::size_t end_ = 0;      // end of the current request's bytes
  ChunkedDecoder chunked_;
  bool continue_offered_ = false;

  BodyPolicy policy_;
  Limits head_limits_;  // as *limits_, without the body limit when a policy decides it
  Limits body_limits_;  // a streamed body's, for its chunked decoder
  bool streamed_ = false;
  std::uint64_t remaining_ = 0;  // a streamed Content-Length body's bytes still to come
  std::size_t handed_ = 0;       // the piece handed out last, at body_begin_
  bool chunked_done_ = false;
  bool body_started_ = false;
};

}  // namespace spur::http
