#pragma once
// co_await spur::sleep(100ms): suspends the handler without blocking its
// worker's event loop; other connections on the worker keep being served.
#include <chrono>
#include <coroutine>
#include <functional>

namespace spur {

namespace detail {
// The event loop of the current worker thread, as the core sees it. The
// server installs one per worker, the test client its own; route code never
// names Asio. (The one thread-local of the runtime besides the frame cache.)
class Scheduler {
 public:
  virtual void resume_after(std::chrono::nanoseconds delay, std::coroutine_handle<> h) = 0;
  // Thread-safe: runs `f` on this scheduler's thread, soon.
  virtual void post(std::function<void()> f) = 0;
  // Thread-safe: resumes `h` on this scheduler's thread.
  void resume_soon(std::coroutine_handle<> h) {
    post([h] { h.resume(); });
  }
  // Runs `job` on the blocking-work pool that serves this loop (see
  // offload.hpp); `job` resumes what waits for it. False, and `job` dropped,
  // when the pool's queue is full.
  virtual bool offload(std::function<void()> job) = 0;
  // The loop itself for the libraries that do their I/O on it (fetch): the
  // server's boost::asio::io_context, as an opaque pointer so that the core
  // never names Asio; null where there is no such loop (the test client).
  virtual void* io_context() noexcept { return nullptr; }

 protected:
  ~Scheduler() = default;
};
Scheduler* current_scheduler() noexcept;
void set_current_scheduler(Scheduler* s) noexcept;
}  // namespace detail

class SleepAwaiter final {
 public:
  explicit SleepAwaiter(std::chrono::nanoseconds d) noexcept : delay_(d) {}
  bool await_ready() const noexcept { return delay_.count() <= 0; }
  // Throws std::logic_error when called outside a server worker thread.
  void await_suspend(std::coroutine_handle<> h) const;
  void await_resume() const noexcept {}

 private:
  std::chrono::nanoseconds delay_;
};

template <typename Rep, typename Period>
SleepAwaiter sleep(std::chrono::duration<Rep, Period> d) noexcept {
  return SleepAwaiter(std::chrono::duration_cast<std::chrono::nanoseconds>(d));
}

}  // namespace spur
