// The spawns of each thread that have not finished, so that a stopped event
// loop can free what it will never resume (see destroy_unfinished_spawns()).
#include <coroutine>

#include "spur/core/async.hpp"

namespace spur::detail {
namespace {
thread_local Detached::promise_type* unfinished = nullptr;  // most recent first
}  // namespace

Detached::promise_type::promise_type() noexcept : next(unfinished) {
  if (next) next->prev = this;
  unfinished = this;
}

Detached::promise_type::~promise_type() {
  if (prev)
    prev->next = next;
  else
    unfinished = next;
  if (next) next->prev = prev;
}

void destroy_unfinished_spawns() noexcept {
  // Destroying one unlinks it (its promise's destructor), and may finish
  // others: take the head again each time.
  while (unfinished)
    std::coroutine_handle<Detached::promise_type>::from_promise(*unfinished).destroy();
}

}  // namespace spur::detail
