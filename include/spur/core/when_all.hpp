#pragma once
// Several awaitables at once, on this worker:
//   auto [user, orders] = co_await when_all(fetch(users_url), fetch(orders_url));
// Each runs concurrently (a fetch, an Async, a db query…); the result is a
// tuple of their results in order (std::monostate for one that gives
// nothing). When one throws, the others are told to stop (the flag a
// departing client raises: a fetch is abandoned within 50 ms, offloaded work
// still queued is skipped), and once all have ended the first exception is
// rethrown. A client that leaves stops them all the same way.
#include <atomic>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "spur/core/async.hpp"
#include "spur/core/sleep.hpp"

namespace spur {
namespace detail {

template <typename A>
using await_result_t = decltype(std::declval<A&>().await_resume());
template <typename A>
using when_all_slot_t =
    std::conditional_t<std::is_void_v<await_result_t<A>>, std::monostate, await_result_t<A>>;

struct WhenAll {
  std::size_t pending = 0;
  bool starting = true;
  std::coroutine_handle<> parent;
  // The children's flag: raised by the first failure, or when the parent's
  // client leaves (looked at every 50 ms while children run).
  ClientGone stop = std::make_shared<std::atomic<bool>>(false);
  ClientGone parent_gone;
  std::exception_ptr first_error;

  void finished(std::exception_ptr error) {
    if (error && !first_error) {
      first_error = error;
      stop->store(true, std::memory_order_relaxed);
    }
    if (--pending == 0 && !starting) parent.resume();
  }
};

template <typename A, typename Slot>
Async<void> when_all_child(A awaitable, Slot& slot) {
  if constexpr (std::is_void_v<await_result_t<A>>) {
    co_await awaitable;
    slot.emplace();
  } else {
    auto value = co_await awaitable;
    slot.emplace(std::move(value));
  }
}

Async<void> when_all_watch(std::shared_ptr<WhenAll> state);

template <typename Start>
class WhenAllAwaiter {
 public:
  WhenAllAwaiter(std::shared_ptr<WhenAll> state, Start start)
      : state_(std::move(state)), start_(std::move(start)) {}
  bool await_ready() const noexcept { return false; }
  template <typename P>
  bool await_suspend(std::coroutine_handle<P> h) {
    state_->parent = h;
    if constexpr (requires { h.promise().client_gone; })
      if (h.promise().client_gone && *h.promise().client_gone)
        state_->parent_gone = *h.promise().client_gone;
    start_();
    state_->starting = false;
    if (state_->pending == 0) return false;  // all done without suspending
    if (state_->parent_gone) start_watch();
    return true;
  }
  void await_resume() const noexcept {}

 private:
  void start_watch() {
    Scheduler* s = current_scheduler();
    spawn(
        when_all_watch(state_), [s](auto f) { s->post(std::move(f)); }, [](Outcome<void>&&) {});
  }
  std::shared_ptr<WhenAll> state_;
  Start start_;
};

}  // namespace detail

template <typename... Awaitables>
Async<std::tuple<detail::when_all_slot_t<Awaitables>...>> when_all(Awaitables... awaitables) {
  auto state = std::make_shared<detail::WhenAll>();
  std::tuple<std::optional<detail::when_all_slot_t<Awaitables>>...> slots;
  std::tuple<Awaitables...> owned(std::move(awaitables)...);
  auto start = [&] {
    detail::Scheduler* s = detail::current_scheduler();
    std::apply(
        [&](auto&... each) {
          std::apply(
              [&](auto&... slot) {
                (
                    [&] {
                      ++state->pending;
                      auto child = detail::when_all_child(std::move(each), slot);
                      detail::bind_client_gone(child, &state->stop);
                      detail::spawn(
                          std::move(child), [s](auto f) { s->post(std::move(f)); },
                          [state](detail::Outcome<void>&& outcome) {
                            state->finished(outcome.error);
                          });
                    }(),
                    ...);
              },
              slots);
        },
        owned);
  };
  // Named: GCC 12 mishandles a temporary awaiter inside co_await.
  detail::WhenAllAwaiter<decltype(start)> awaiter(state, start);
  co_await awaiter;
  if (state->first_error) std::rethrow_exception(state->first_error);
  co_return std::apply([](auto&... slot) { return std::tuple(std::move(*slot)...); }, slots);
}

}  // namespace spur
