#pragma once
// Task<T>: Spur's coroutine type for handlers. Lazy (starts when awaited or
// started by the server), single-consumer, and resumed on the worker thread
// that owns the connection. Deliberately not asio::awaitable, so route files
// never parse Asio.
//
//   Task<Response> GET(Request& req) {
//     co_await spur::sleep(10ms);
//     co_return Response::text("done");
//   }
#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace spur {

template <typename T>
class Task;

namespace detail {

// Frames are recycled per thread by size class: a request's coroutine frame
// costs a free-list pop, not a malloc, on the hot path.
void* allocate_frame(std::size_t size);
void deallocate_frame(void* p, std::size_t size) noexcept;

struct PromiseBase {
  std::coroutine_handle<> continuation;
  std::exception_ptr error;
  // Called when a top-level task (no continuation) finishes asynchronously.
  void (*on_done)(void*) = nullptr;
  void* on_done_context = nullptr;

  static void* operator new(std::size_t size) { return allocate_frame(size); }
  static void operator delete(void* p, std::size_t size) noexcept { deallocate_frame(p, size); }

  std::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <typename P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      PromiseBase& p = h.promise();
      if (p.continuation) return p.continuation;
      // May destroy the frame: nothing of `p` is touched after this call.
      if (p.on_done) p.on_done(p.on_done_context);
      return std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
};

template <typename T>
struct Promise final : PromiseBase {
  std::optional<T> value;
  Task<T> get_return_object() noexcept;
  template <typename U>
  void return_value(U&& v) {
    value.emplace(std::forward<U>(v));
  }
  T take() {
    if (error) std::rethrow_exception(error);
    return std::move(*value);
  }
};

template <>
struct Promise<void> final : PromiseBase {
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() {
    if (error) std::rethrow_exception(error);
  }
};

}  // namespace detail

template <typename T = void>
class [[nodiscard]] Task final {
 public:
  using promise_type = detail::Promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;

  Task() noexcept = default;
  explicit Task(handle_type h) noexcept : handle_(h) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { reset(); }

  bool valid() const noexcept { return static_cast<bool>(handle_); }
  bool done() const noexcept { return handle_ && handle_.done(); }

  // For the server: run until the first suspension. If done() afterwards the
  // result is ready; otherwise `on_done(context)` is called when it finishes.
  void start() { handle_.resume(); }
  void when_done(void (*on_done)(void*), void* context) noexcept {
    handle_.promise().on_done = on_done;
    handle_.promise().on_done_context = context;
  }
  // The result, or the exception the coroutine ended with. Once.
  T result() { return handle_.promise().take(); }

  // Awaiting a Task runs it and resumes the awaiter when it finishes.
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) noexcept {
    handle_.promise().continuation = awaiter;
    return handle_;
  }
  T await_resume() { return handle_.promise().take(); }

 private:
  void reset() noexcept {
    if (handle_) handle_.destroy();
    handle_ = {};
  }
  handle_type handle_;
};

namespace detail {
template <typename T>
Task<T> Promise<T>::get_return_object() noexcept {
  return Task<T>{std::coroutine_handle<Promise<T>>::from_promise(*this)};
}
inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>{std::coroutine_handle<Promise<void>>::from_promise(*this)};
}
}  // namespace detail

}  // namespace spur
