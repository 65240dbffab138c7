#pragma once
// The memory every connection's buffered request bodies may hold together
// (ServerOptions::max_body_memory), shared by the workers. A request whose
// body would not fit is answered 503 with Retry-After before its body is read,
// so clients that trickle large bodies slowly cannot add up to gigabytes.
#include <atomic>
#include <cstddef>

namespace spur::http {

class BodyBudget final {
 public:
  explicit BodyBudget(std::size_t limit) noexcept : limit_(limit) {}
  BodyBudget(const BodyBudget&) = delete;
  BodyBudget& operator=(const BodyBudget&) = delete;

  // Whether `bytes` more fit. Readers on several workers may pass at once, so
  // the total can pass the limit by about one body per worker.
  bool has_room(std::size_t bytes) const noexcept {
    return used_.load(std::memory_order_relaxed) + bytes <= limit_;
  }
  // What readers allocate and free, counted whether or not it fits.
  void charge(std::size_t bytes) noexcept { used_.fetch_add(bytes, std::memory_order_relaxed); }
  void refund(std::size_t bytes) noexcept { used_.fetch_sub(bytes, std::memory_order_relaxed); }

  std::size_t used() const noexcept { return used_.load(std::memory_order_relaxed); }

 private:
  const std::size_t limit_;
  std::atomic<std::size_t> used_{0};
};

}  // namespace spur::http
