#pragma once
// The response a Pages Router handler fills in, Spur's NextApiResponse:
//   res.status(201).json({{"id", id}});                  // application/json; charset=utf-8 + ETag
//   res.send("plain text");                              // no Content-Type, ETag
//   res.set_header("Allow", {"GET", "POST"});            // two Allow lines
//   res.status(405).end("Method DELETE Not Allowed");    // no Content-Type, no ETag
//   res.redirect("/api/hello");                          // 307, Location, the URL as body
// One of json / send / send_bytes / end / redirect / send_response ends the
// response; calls after that are ignored with a warning on stderr (the first
// answer stands).
#include <boost/json/value.hpp>
#include <concepts>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "spur/core/cookies.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/stream.hpp"

namespace spur {

namespace detail {
// What res.send(value) writes as JSON: numbers and bools. Not characters,
// so res.send('x') does not compile into a number.
template <typename T>
concept JsonScalar =
    std::is_arithmetic_v<T> && !std::same_as<T, char> && !std::same_as<T, char8_t> &&
    !std::same_as<T, char16_t> && !std::same_as<T, char32_t> && !std::same_as<T, wchar_t>;
}  // namespace detail

namespace detail {
struct ApiResponseAccess;
}

class ApiResponse final {
 public:
  // For the framework: `request` (for If-None-Match and the method) must
  // outlive this object.
  explicit ApiResponse(const Request& request) noexcept : request_(&request) {}

  // Sets the status (200 until set). Throws std::invalid_argument outside
  // 100–999, as Node does.
  ApiResponse& status(int code);
  int status_code() const noexcept { return status_; }

  // Sets a header, replacing any of that name (case-insensitively) where it
  // stood. A list becomes one line per value:
  //   res.set_header("Set-Cookie", {"a=1; Path=/", "b=2; Path=/; HttpOnly"});
  // Content-Length, Transfer-Encoding, Connection and Date are the server's:
  // they can be set and read back but are not sent.
  ApiResponse& set_header(std::string_view name, std::string_view value);
  ApiResponse& set_header(std::string_view name, std::initializer_list<std::string_view> values);
  ApiResponse& set_header(std::string_view name, const std::vector<std::string>& values);
  // Adds a line, keeping the ones already there.
  ApiResponse& append_header(std::string_view name, std::string_view value);
  // Adds a Set-Cookie line (see serialize_set_cookie).
  ApiResponse& set_cookie(std::string_view name, std::string_view value,
                          const CookieOptions& options = {});
  ApiResponse& remove_header(std::string_view name);
  // The first value of `name`, case-insensitively.
  std::optional<std::string_view> get_header(std::string_view name) const noexcept;
  std::vector<std::string_view> get_header_values(std::string_view name) const;
  bool has_header(std::string_view name) const noexcept { return get_header(name).has_value(); }

  // Sends `value` as JSON text written as JavaScript's JSON.stringify writes
  // it, with Content-Type: application/json; charset=utf-8 and an ETag. A GET
  // or HEAD whose If-None-Match matches the ETag gets 304 with no body. With
  // status 204 or 304, the body and Content-Type are dropped.
  void json(const boost::json::value& value);
  // Sends text as it is, with an ETag and no Content-Type unless one was set
  // (as res.send(string) in Next.js).
  void send(std::string_view text);
  // A number or a bool as JSON (res.send(42) → 42, application/json).
  template <detail::JsonScalar T>
  void send(T value) {
    if constexpr (std::floating_point<T>)
      send_json_like(boost::json::value(static_cast<double>(value)));
    else
      send_json_like(boost::json::value(value));
  }
  // Sends bytes with an ETag and Content-Type: application/octet-stream
  // unless one was set (res.send(Buffer)).
  void send_bytes(std::string_view data);
  void send_bytes(std::span<const std::byte> data);
  // Ends the response: no body, or `text` as it is; no ETag, no Content-Type.
  void end();
  void end(std::string_view text);
  // Redirects: 307 (method kept) unless a status is given. Sets Location and
  // sends the URL as the body, without a Content-Type.
  void redirect(std::string_view url);
  void redirect(int status, std::string_view url);

  // Streams the body as Node's res.write() does: the first call sends the
  // status and headers (chunked), each call sends its bytes at once. End
  // with res.end() (or by returning). True while the client is connected and
  // keeping up; `co_await res.drain()` waits until it has caught up.
  //   res.set_header("Content-Type", "text/event-stream");
  //   for (int n = 1; n <= 3; ++n) { res.write("data: " + std::to_string(n) + "\n\n");
  //                                  co_await spur::sleep(50ms); }
  //   res.end();
  bool write(std::string_view chunk);
  // Waits until the client has caught up with what was written (or is gone).
  class [[nodiscard]] DrainAwaiter {
   public:
    explicit DrainAwaiter(detail::StreamSink* sink) noexcept : sink_(sink) {}
    bool await_ready() const noexcept {
      return !sink_ || sink_->closed() || sink_->unsent() <= StreamWriter::high_water;
    }
    void await_suspend(std::coroutine_handle<> h) { sink_->park(h, true, std::nullopt); }
    // True while the client is connected.
    bool await_resume() const noexcept { return !sink_ || !sink_->closed(); }

   private:
    detail::StreamSink* sink_;  // null until the stream is connected: nothing to wait for
  };
  DrainAwaiter drain() noexcept { return DrainAwaiter(stream_ ? stream_->sink : nullptr); }
  // True once a streamed response's client has gone.
  bool closed() const noexcept;
  // True once write() has been called.
  bool streaming() const noexcept { return stream_ != nullptr; }

  // Sends a whole Response as it is: its status, its headers (replacing any
  // of the same names set before) and its body (a file body is read in). No
  // ETag or Content-Type is added. Used by wrappers (<spur/wrap.hpp>) to send
  // an App-style Response from a Pages Router handler.
  void send_response(Response response);

  // True once one of json / send / send_bytes / end / redirect / send_response has run.
  bool ended() const noexcept { return ended_; }

  // The body sent so far (empty until ended).
  std::string_view body() const noexcept { return body_; }

 private:
  friend struct detail::ApiResponseAccess;
  // A streamed response's state (see pages_route.cpp).
  struct Stream {
    std::string pending;                 // written before the sink existed
    detail::StreamSink* sink = nullptr;  // the connection, once streaming
  };
  struct Field {
    std::string name;
    std::string value;
  };
  enum class Payload { text, json_like, bytes };

  bool begin_end(std::string_view what);
  void send_payload(std::string body, std::string etag, Payload kind);
  void send_json_like(const boost::json::value& value);
  std::size_t erase_header(std::string_view name);

  const Request* request_;
  int status_ = 200;
  std::vector<Field> fields_;
  std::string body_;
  bool ended_ = false;
  std::unique_ptr<Stream> stream_;
  std::function<void()> on_first_write_;  // the framework's, see ApiResponseAccess
};

namespace detail {
// For the framework (run_pages_route, the Pages wrappers).
struct ApiResponseAccess {
  using Stream = ApiResponse::Stream;
  // The finished Response. Leaves the ApiResponse empty.
  static Response take_response(ApiResponse& res);
  // The streamed response's state; null until write() was called.
  static Stream* stream(ApiResponse& res) noexcept { return res.stream_.get(); }
  // Called once, at the first write() (the framework then starts streaming).
  static void on_first_write(ApiResponse& res, std::function<void()> f) {
    res.on_first_write_ = std::move(f);
  }
};
}  // namespace detail

}  // namespace spur
