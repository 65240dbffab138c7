#pragma once
// A request body read as it arrives, for routes declared with
// RouteConfig{.stream_body = true}: large uploads in constant memory.
//   Async<Response> POST(Request& req) {
//     std::uint64_t bytes = 0;
//     for (;;) {
//       std::string_view piece = co_await req.body_stream().read();
//       if (piece.empty()) break;  // the whole body has been read
//       bytes += piece.size();     // e.g. write it to a file, hash it
//     }
//     co_return Response::json({{"bytes", bytes}});
//   }
// For a body that was read whole (any other route, the test client), read()
// hands it out in one piece. A route's body limit is enforced as the bytes
// arrive; a body the handler leaves unread is not read at all (the
// connection closes after the response), so a 413 costs no upload.
#include <coroutine>
#include <cstdint>
#include <string>
#include <string_view>

#include "spur/core/async.hpp"

namespace spur {

namespace detail {
// Where a streamed body comes from: the connection.
class BodySource {
 public:
  enum class Status : std::uint8_t { data, end, waiting, error };
  // data: `piece` holds the next bytes (valid until the next call); end: the
  // body is complete; waiting: park(), then call again; error: see below.
  virtual Status next(std::string_view& piece) = 0;
  // Resumes `h` on this thread when next() may have news.
  virtual void park(std::coroutine_handle<> h) = 0;
  // After error: the status to answer (400, 408, 413) and why.
  virtual int error_status() const noexcept = 0;
  virtual std::string error_message() const = 0;

 protected:
  ~BodySource() = default;
};
}  // namespace detail

namespace detail {
struct BodyStreamAccess;
}

class BodyStream final {
 public:
  // A body already read whole, handed out by the first read().
  explicit BodyStream(std::string_view buffered = {}) noexcept : buffered_(buffered) {}
  // The next piece of the body (valid until the next read), or empty once it
  // has all been read. Throws HttpError: 413 past the route's limit, 400 for
  // a malformed chunked body or a client that went away, 408 when the client
  // stalls longer than Timeouts::body.
  Async<std::string_view> read();
  // Body bytes handed out so far.
  std::uint64_t received() const noexcept { return received_; }
  // True when the body arrives as it is read (not read whole beforehand).
  bool streamed() const noexcept { return source_ != nullptr; }

 private:
  friend struct detail::BodyStreamAccess;
  detail::BodySource* source_ = nullptr;
  std::string_view buffered_;
  bool buffered_taken_ = false;
  std::uint64_t received_ = 0;
};

}  // namespace spur
