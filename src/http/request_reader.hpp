#pragma once
// The receiving half of an HTTP/1.1 server connection, without I/O: it owns the
// read buffer, finds request heads, frames and de-chunks bodies, and hands out
// one complete request at a time, in order, for pipelining. The socket code
// reads into prepare(), commits, and calls next() until it says need_more.
#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "http/chunked_decoder.hpp"
#include "http/parser.hpp"
#include "spur/http/error.hpp"
#include "spur/http/limits.hpp"
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

  // What was received after the current request (e.g. a WebSocket's first
  // frames, sent right behind its handshake).
  std::string_view after_request() const noexcept { return {buf_.get() + end_, size_ - end_}; }

  // Bytes received and not yet consumed (the start of the next request).
  std::size_t buffered() const noexcept { return size_ - begin_; }

 private:
  enum class State { head, content_length_body, chunked_body, ready, failed };

  Event fail(Error e) noexcept {
    error_ = e;
    state_ = State::failed;
    return Event::error;
  }
  void reserve(std::size_t total);

  const Limits* limits_;
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
};

}  // namespace spur::http
