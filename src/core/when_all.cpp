#include "spur/core/when_all.hpp"

#include <chrono>

namespace spur::detail {

Async<void> when_all_watch(std::shared_ptr<WhenAll> state) {
  while (state->pending > 0) {
    co_await sleep(std::chrono::milliseconds(50));
    if (state->parent_gone->load(std::memory_order_relaxed))
      state->stop->store(true, std::memory_order_relaxed);
  }
}

}  // namespace spur::detail
