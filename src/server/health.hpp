#pragma once
// /_spur/live and /_spur/ready, answered by the server before the app (so a
// load balancer's probes never reach a route or middleware): live is 200 as
// long as the process serves; ready is 200 once the server has started and
// 503 while it drains after SIGTERM, so a load balancer sends nothing new
// before the listeners close.
#include <atomic>
#include <cstdint>

#include "spur/core/handler.hpp"

namespace spur::server {

class Health {
 public:
  enum class State : std::uint8_t { starting, ready, draining };
  void set(State s) noexcept { state_.store(s, std::memory_order_relaxed); }
  State state() const noexcept { return state_.load(std::memory_order_relaxed); }

 private:
  std::atomic<State> state_{State::starting};
};

// `inner`, with the two probe paths answered from `health` (which must
// outlive the handler).
Handler with_health_probes(Handler inner, const Health& health);

}  // namespace spur::server
