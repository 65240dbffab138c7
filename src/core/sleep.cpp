#include "spur/core/sleep.hpp"

#include <stdexcept>

namespace spur {
namespace detail {
namespace {
thread_local Scheduler* scheduler = nullptr;
}
Scheduler* current_scheduler() noexcept { return scheduler; }
void set_current_scheduler(Scheduler* s) noexcept { scheduler = s; }
}  // namespace detail

void SleepAwaiter::await_suspend(std::coroutine_handle<> h) const {
  detail::Scheduler* s = detail::current_scheduler();
  if (!s) throw std::logic_error("spur::sleep awaited outside a server worker thread");
  s->resume_after(delay_, h);
}

}  // namespace spur
