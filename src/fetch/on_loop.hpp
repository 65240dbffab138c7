#pragma once
// Asio work run for a handler's coroutine on its worker's loop: the bridge
// between the two coroutine worlds. The work is bounded by an optional
// total timeout and by the inbound client's presence (looked at every
// 50 ms); either one cancels it, which ends whatever it waits for at once,
// and the handler sees a FetchError (504 for the timeout).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "spur/core/async.hpp"

namespace spur::fetch_detail {

struct Bounds {
  std::optional<std::chrono::milliseconds> timeout;  // for the whole work
  detail::ClientGone gone;                           // null: not watched
  std::string what;                                  // "https://api.example/x", for messages
};

// The work in flight: the timers that may cancel it and why they did.
class Bounded : public std::enable_shared_from_this<Bounded> {
 public:
  Bounded(boost::asio::io_context& io, Bounds bounds);
  static std::shared_ptr<Bounded> start(boost::asio::io_context& io, Bounds bounds);
  boost::asio::cancellation_slot slot() { return cancel_.slot(); }
  // Stops the timers; an error caused by a cancellation becomes the
  // FetchError that says why.
  std::exception_ptr finish(std::exception_ptr error);

 private:
  enum class Why { none, timeout, client_gone };
  void stop(Why reason);
  void watch_client();
  Bounds bounds_;
  boost::asio::cancellation_signal cancel_;
  boost::asio::steady_timer deadline_;
  boost::asio::steady_timer watch_;
  Why why_ = Why::none;
  bool done_ = false;
};

// This worker's loop; throws std::logic_error outside a server worker.
boost::asio::io_context& worker_loop();

// Spawns `work`; `done(error, value)` runs on the loop when it ends.
template <typename T, typename Done>
void run_bounded(boost::asio::awaitable<T> work, Bounds bounds, Done done) {
  boost::asio::io_context& io = worker_loop();
  std::shared_ptr<Bounded> call = Bounded::start(io, std::move(bounds));
  boost::asio::co_spawn(
      io, std::move(work),
      boost::asio::bind_cancellation_slot(
          call->slot(), [call, done = std::move(done)](std::exception_ptr error, T value) mutable {
            done(call->finish(error), std::move(value));
          }));
}

// The client flag of the coroutine `h` (null outside a request).
template <typename P>
detail::ClientGone client_gone_of(std::coroutine_handle<P> h) noexcept {
  if constexpr (requires { h.promise().client_gone; })
    if (h.promise().client_gone != nullptr) return *h.promise().client_gone;
  return nullptr;
}

// co_await OnLoop<T>(work, bounds) from a Spur coroutine.
template <typename T>
class [[nodiscard]] OnLoop {
 public:
  OnLoop(boost::asio::awaitable<T> work, std::optional<std::chrono::milliseconds> timeout,
         std::string what)
      : work_(std::move(work)), timeout_(timeout), what_(std::move(what)) {}
  bool await_ready() const noexcept { return false; }
  template <typename P>
  void await_suspend(std::coroutine_handle<P> h) {
    run_bounded(std::move(work_), Bounds{timeout_, client_gone_of(h), std::move(what_)},
                [this, h](std::exception_ptr error, T value) {
                  error_ = error;
                  if (!error) value_.emplace(std::move(value));
                  h.resume();
                });
  }
  T await_resume() {
    if (error_) std::rethrow_exception(error_);
    return std::move(*value_);
  }

 private:
  boost::asio::awaitable<T> work_;
  std::optional<std::chrono::milliseconds> timeout_;
  std::string what_;
  std::optional<T> value_;
  std::exception_ptr error_;
};

}  // namespace spur::fetch_detail
