#pragma once
// Outbound HTTP from a handler, on the handler's own worker loop:
//   #include <spur/fetch.hpp>
//   Async<Response> GET(Request& req, const Params& params) {
//     FetchResponse user = co_await spur::fetch(env("USERS_API") + "/users/" + params["id"]);
//     if (!user.ok()) throw HttpError(502, "users answered " + std::to_string(user.status));
//     co_return Response::json(user.json<User>());   // a mismatch: 502 naming the field
//   }
// HTTP/1.1 over TCP or TLS (certificates and host names verified against the
// system's CA store), connections kept alive per worker and origin, names
// resolved off the loop and cached, redirects followed safely, gzip/deflate/
// br decoded, every wait bounded (FetchOptions). A call is abandoned when
// the client of the request that made it goes away (FetchOptions::must_finish
// keeps it). Failures throw FetchError: 502, or 504 for a timeout.
// See docs/fetch.md.
#include <coroutine>
#include <exception>
#include <string>

#include "spur/core/async.hpp"
#include "spur/fetch/fetch_error.hpp"
#include "spur/fetch/fetch_options.hpp"
#include "spur/fetch/fetch_response.hpp"
#include "spur/fetch/proxy.hpp"

namespace spur {

// What fetch() returns: co_await it (once) for the response. An awaiter of
// its own rather than an Async coroutine, so that the url and options are
// moved into it before anything suspends.
class [[nodiscard]] FetchCall {
 public:
  FetchCall(std::string url, FetchOptions options)
      : url_(std::move(url)), options_(std::move(options)) {}
  FetchCall(FetchCall&&) = default;
  FetchCall(const FetchCall&) = delete;
  FetchCall& operator=(const FetchCall&) = delete;

  bool await_ready() const noexcept { return false; }
  template <typename P>
  bool await_suspend(std::coroutine_handle<P> h) {
    const detail::ClientGone* gone = nullptr;
    if constexpr (requires { h.promise().client_gone; }) gone = h.promise().client_gone;
    return start(h, gone);
  }
  FetchResponse await_resume();

 private:
  // False when answered at once (a fetch hook: spur::testing::FakeFetch).
  // Throws std::logic_error outside a server worker without a hook.
  bool start(std::coroutine_handle<> h, const detail::ClientGone* gone);
  std::string url_;
  FetchOptions options_;
  FetchResponse response_;
  std::exception_ptr error_;
};

inline FetchCall fetch(std::string url, FetchOptions options) {
  return FetchCall(std::move(url), std::move(options));
}
// Not a default argument: GCC 12 miscompiles a default argument's temporary
// inside a co_await expression.
inline FetchCall fetch(std::string url) { return FetchCall(std::move(url), FetchOptions{}); }

}  // namespace spur
