#pragma once
// co_await spur::offload(fn): runs blocking work (a file read, a synchronous
// database call, CPU-heavy hashing) on the server's thread pool (sized by
// ServerOptions::offload_threads) and resumes the handler on its own worker
// thread with fn's result (or its exception), so the worker's event loop
// never blocks.
//   Async<Response> GET(Request&) {
//     std::string report = co_await spur::offload([] { return build_report(); });
//     co_return Response::text(report);
//   }
// A job still queued when its request's client goes away is skipped (the
// awaiting handler gets HttpError 499, which nobody receives); pass
// spur::must_finish for work that must run regardless:
//   co_await spur::offload([&] { ledger.append(entry); }, spur::must_finish);
// When the queue is full (ServerOptions::offload_queue), offload() throws
// HttpError 503 with Retry-After at once.
#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "spur/core/async.hpp"
#include "spur/core/http_error.hpp"
#include "spur/core/sleep.hpp"

namespace spur {

// offload(fn, must_finish): run fn even if the client has gone meanwhile.
struct MustFinish {};
inline constexpr MustFinish must_finish{};

template <typename F>
class [[nodiscard]] OffloadAwaiter final {
 public:
  using Result = std::invoke_result_t<F&>;

  explicit OffloadAwaiter(F f, bool run_always = false)
      : f_(std::move(f)), must_finish_(run_always) {}

  bool await_ready() const noexcept { return false; }
  // Throws std::logic_error outside a server worker thread.
  template <typename P>
  bool await_suspend(std::coroutine_handle<P> h) {
    detail::Scheduler* home = detail::current_scheduler();
    if (!home) throw std::logic_error("spur::offload awaited outside a server worker thread");
    detail::ClientGone gone;
    if constexpr (requires { h.promise().client_gone; })
      if (!must_finish_ && h.promise().client_gone) gone = *h.promise().client_gone;
    const bool queued = home->offload([this, h, home, gone = std::move(gone)] {
      if (gone && gone->load(std::memory_order_relaxed)) {
        error_ = std::make_exception_ptr(HttpError(499, "Client Closed Request"));
        home->resume_soon(h);
        return;
      }
      try {
        if constexpr (std::is_void_v<Result>)
          f_();
        else
          result_.emplace(f_());
      } catch (...) {
        error_ = std::current_exception();
      }
      home->resume_soon(h);
    });
    if (queued) return true;
    // The pool is behind by a whole queue: answer at once rather than wait.
    error_ = std::make_exception_ptr(HttpError(
        503, "Service Unavailable: too much blocking work queued", std::chrono::seconds(1)));
    return false;
  }
  Result await_resume() {
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<Result>) return std::move(*result_);
  }

 private:
  F f_;
  bool must_finish_;
  std::conditional_t<std::is_void_v<Result>, bool, std::optional<Result>> result_{};
  std::exception_ptr error_;
};

template <typename F>
OffloadAwaiter<std::decay_t<F>> offload(F&& f) {
  return OffloadAwaiter<std::decay_t<F>>(std::forward<F>(f));
}

template <typename F>
OffloadAwaiter<std::decay_t<F>> offload(F&& f, MustFinish) {
  return OffloadAwaiter<std::decay_t<F>>(std::forward<F>(f), true);
}

}  // namespace spur
