#pragma once
// What spur::fetch answers: the status, the headers and the body, read as
// text, JSON or a described struct (the whole body, decoded), or piece by
// piece as it arrives (FetchOptions::stream_body).
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spur/core/async.hpp"
#include "spur/core/json.hpp"

namespace spur {

namespace detail {
struct FetchBody;  // the connection a streamed body is read from
}
class FetchBodyRead;

class FetchResponse {
 public:
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string url;          // the final URL, after redirects
  bool redirected = false;  // at least one redirect was followed

  bool ok() const noexcept { return status >= 200 && status <= 299; }
  // The first header `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const noexcept;
  const std::string& text() const noexcept { return body_; }
  // The body as JSON; a body that is not JSON throws FetchError(protocol),
  // a 502 naming the upstream.
  boost::json::value json() const;
  // The body into T (a described struct, a container…); a mismatch throws a
  // 502 whose message names the upstream and the field.
  template <typename T>
  T json() const {
    const boost::json::value value = json();
    try {
      detail::Issues issues;
      T out = detail::decode_json<T>(value, detail::JsonPath{}, issues);
      issues.raise_if_any();
      return out;
    } catch (const ValidationError& e) {
      throw_mismatch(e.issues().front().message);
    }
  }

  // The body piece by piece, each valid until the next read, and empty once
  // it has all been read:
  //   for (;;) {
  //     std::string_view piece = co_await res.read();
  //     if (piece.empty()) break;
  //     ...
  //   }
  // With FetchOptions::stream_body the pieces come as they arrive, as sent
  // (not decoded), and the connection is held until the end: a response
  // dropped before its end closes it. Otherwise the whole body comes in one
  // piece. Each read waits at most read_timeout for bytes; a read fails
  // (FetchError) when the upstream breaks off, and is abandoned when the
  // client goes away.
  FetchBodyRead read();
  // The body arrives as it is read (FetchOptions::stream_body); text() and
  // json() are then empty.
  bool streamed() const noexcept { return stream_ != nullptr; }

  // Set by the client.
  std::string body_;
  std::shared_ptr<detail::FetchBody> stream_;
  bool body_taken_ = false;  // read() handed out body_

 private:
  [[noreturn]] void throw_mismatch(std::string_view what) const;
};

class [[nodiscard]] FetchBodyRead {
 public:
  explicit FetchBodyRead(FetchResponse& response) noexcept : response_(&response) {}
  bool await_ready() const noexcept { return response_->stream_ == nullptr; }
  template <typename P>
  void await_suspend(std::coroutine_handle<P> h) {
    const detail::ClientGone* gone = nullptr;
    if constexpr (requires { h.promise().client_gone; }) gone = h.promise().client_gone;
    start(h, gone);
  }
  std::string_view await_resume();

 private:
  void start(std::coroutine_handle<> h, const detail::ClientGone* gone);
  FetchResponse* response_;
  std::string_view piece_;
  std::exception_ptr error_;
};

inline FetchBodyRead FetchResponse::read() { return FetchBodyRead(*this); }

}  // namespace spur
