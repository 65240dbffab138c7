#pragma once
// Async<T>: Spur's coroutine type for handlers. Lazy (it starts when awaited,
// or when the server runs it), single-consumer, and resumed on the worker
// thread that owns the connection. Deliberately not asio::awaitable, so route
// files never parse Asio; and not named Task, a word apps use for their own
// types.
//
//   Async<Response> GET(Request& req) {
//     co_await spur::sleep(10ms);
//     co_return Response::text("done");
//   }
#include <atomic>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace spur {

template <typename T>
class Async;

namespace detail {

// Set once the client of the request a task serves has gone (its connection
// closed). Shared, because work on another thread may look at it after the
// connection is gone.
using ClientGone = std::shared_ptr<std::atomic<bool>>;

// Frames are recycled per thread by size class: a request's coroutine frame
// costs a free-list pop, not a malloc, on the hot path.
void* allocate_frame(std::size_t size);
void deallocate_frame(void* p, std::size_t size) noexcept;

struct PromiseBase {
  std::coroutine_handle<> continuation;
  std::exception_ptr error;
  // The request's, handed from each awaiting task to the task it awaits (so
  // offload() can skip work nobody will receive); null outside a request.
  const ClientGone* client_gone = nullptr;

  static void* operator new(std::size_t size) { return allocate_frame(size); }
  static void operator delete(void* p, std::size_t size) noexcept { deallocate_frame(p, size); }

  std::suspend_always initial_suspend() noexcept { return {}; }

  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <typename P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      return h.promise().continuation;  // every Async is awaited by someone
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
};

template <typename T>
struct Promise final : PromiseBase {
  std::optional<T> value;
  Async<T> get_return_object() noexcept;
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
  Async<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() {
    if (error) std::rethrow_exception(error);
  }
};

}  // namespace detail

namespace detail {
// Makes `task` (a request's top-level task) and everything it awaits see the
// request's ClientGone, which must outlive the task.
template <typename U>
void bind_client_gone(Async<U>& task, const ClientGone* gone) noexcept;
}  // namespace detail

template <typename T = void>
class [[nodiscard]] Async final {
 public:
  using promise_type = detail::Promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;

  Async() noexcept = default;
  explicit Async(handle_type h) noexcept : handle_(h) {}
  Async(Async&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Async& operator=(Async&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Async(const Async&) = delete;
  Async& operator=(const Async&) = delete;
  ~Async() { reset(); }

  // Awaiting runs the coroutine and resumes the awaiter when it finishes,
  // with its result or its exception.
  bool await_ready() const noexcept { return false; }
  template <typename P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> awaiter) noexcept {
    if constexpr (requires { awaiter.promise().client_gone; })
      handle_.promise().client_gone = awaiter.promise().client_gone;
    handle_.promise().continuation = awaiter;
    return handle_;
  }
  T await_resume() { return handle_.promise().take(); }

 private:
  template <typename U>
  friend void detail::bind_client_gone(Async<U>& task, const detail::ClientGone* gone) noexcept;
  void reset() noexcept {
    if (handle_) handle_.destroy();
    handle_ = {};
  }
  handle_type handle_;
};

namespace detail {

template <typename U>
void bind_client_gone(Async<U>& task, const ClientGone* gone) noexcept {
  if (task.handle_) task.handle_.promise().client_gone = gone;
}

template <typename T>
Async<T> Promise<T>::get_return_object() noexcept {
  return Async<T>{std::coroutine_handle<Promise<T>>::from_promise(*this)};
}
inline Async<void> Promise<void>::get_return_object() noexcept {
  return Async<void>{std::coroutine_handle<Promise<void>>::from_promise(*this)};
}

// What a finished Async<T> gave: its value, or the exception it ended with.
template <typename T>
struct Outcome {
  std::conditional_t<std::is_void_v<T>, bool, std::optional<T>> value{};
  std::exception_ptr error;
  // The value, or the exception rethrown.
  T get() {
    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<T>) return std::move(*value);
  }
};

// A coroutine nobody awaits: it starts at once and frees itself at its end.
// Until then it is listed per thread, so that an event loop that stops with
// work suspended (a request cut at the end of the shutdown grace period) can
// free it: destroy_unfinished_spawns().
struct Detached {
  struct promise_type {
    promise_type() noexcept;
    ~promise_type();
    promise_type(const promise_type&) = delete;
    promise_type& operator=(const promise_type&) = delete;
    static void* operator new(std::size_t size) { return allocate_frame(size); }
    static void operator delete(void* p, std::size_t size) noexcept { deallocate_frame(p, size); }
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }  // spawn catches everything

    promise_type* prev = nullptr;  // this thread's unfinished spawns
    promise_type* next = nullptr;
  };
};

// Destroys every spawn() started on this thread that has not finished, with
// what it awaits (their `done` is not called). Only once nothing will resume
// them: the thread's event loop has stopped for good.
void destroy_unfinished_spawns() noexcept;

// The spawn() call running on this thread (each has its own number; 0: none):
// a task that finishes while its own call is still on the stack did so
// without suspending.
inline thread_local unsigned long long spawn_in_progress = 0;
inline thread_local unsigned long long spawn_count = 0;

template <typename T, typename Post, typename Done>
Detached run_spawned(Async<T> task, Post post, Done done, unsigned long long call) {
  Outcome<T> outcome;
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(task);
      outcome.value = true;
    } else {
      outcome.value.emplace(co_await std::move(task));
    }
  } catch (...) {
    outcome.error = std::current_exception();
  }
  task = {};  // finished and suspended for good: its frame goes now
  if (spawn_in_progress == call)
    done(std::move(outcome));
  else
    post([done = std::move(done), outcome = std::move(outcome)]() mutable {
      done(std::move(outcome));
    });
}

// The one way the framework runs a top-level Async: `task` runs now, on this
// thread, and `done(Outcome<T>&&)` receives its value or its exception. When
// the task finishes before spawn() returns, `done` runs at once, inside this
// call; otherwise `post(f)` must run `f` later from this thread's event loop,
// so that `done` never runs inside the stack that resumed the task (it may
// free what that stack still uses).
template <typename T, typename Post, typename Done>
void spawn(Async<T> task, Post post, Done done) {
  const unsigned long long outer = spawn_in_progress;
  const unsigned long long call = ++spawn_count;
  spawn_in_progress = call;
  run_spawned(std::move(task), std::move(post), std::move(done), call);
  spawn_in_progress = outer;
}

}  // namespace detail

}  // namespace spur
