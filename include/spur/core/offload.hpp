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
#include <coroutine>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "spur/core/http_error.hpp"
#include "spur/core/sleep.hpp"

namespace spur {

template <typename F>
class [[nodiscard]] OffloadAwaiter final {
 public:
  using Result = std::invoke_result_t<F&>;

  explicit OffloadAwaiter(F f) : f_(std::move(f)) {}

  bool await_ready() const noexcept { return false; }
  // Throws std::logic_error outside a server worker thread.
  bool await_suspend(std::coroutine_handle<> h) {
    detail::Scheduler* home = detail::current_scheduler();
    if (!home) throw std::logic_error("spur::offload awaited outside a server worker thread");
    const bool queued = home->offload([this, h, home] {
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
    error_ = std::make_exception_ptr(
        HttpError(503, "Service Unavailable: too much blocking work queued",
                  std::chrono::seconds(1)));
    return false;
  }
  Result await_resume() {
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<Result>) return std::move(*result_);
  }

 private:
  F f_;
  std::conditional_t<std::is_void_v<Result>, bool, std::optional<Result>> result_{};
  std::exception_ptr error_;
};

template <typename F>
OffloadAwaiter<std::decay_t<F>> offload(F&& f) {
  return OffloadAwaiter<std::decay_t<F>>(std::forward<F>(f));
}

}  // namespace spur
