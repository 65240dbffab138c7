#pragma once
// How many connections the process holds, against ServerOptions::
// max_connections, shared by every worker. A worker stops accepting while the
// budget is spent (new clients wait in the kernel's backlog, no busy loop) and
// starts again when a connection closes.
#include <atomic>
#include <cstddef>

namespace spur::server {

class ConnectionBudget final {
 public:
  explicit ConnectionBudget(std::size_t limit) noexcept : limit_(limit) {}

  // Workers check before accepting; several may pass at once, so the count
  // can exceed the limit by at most one connection per worker.
  bool available() const noexcept { return open_.load(std::memory_order_relaxed) < limit_; }
  void opened() noexcept { open_.fetch_add(1, std::memory_order_relaxed); }
  void closed() noexcept { open_.fetch_sub(1, std::memory_order_relaxed); }
  std::size_t limit() const noexcept { return limit_; }

 private:
  const std::size_t limit_;
  std::atomic<std::size_t> open_{0};
};

// Raises this process's open-files soft limit to its hard limit (common
// defaults are 1,024 soft and far more hard), as Go's runtime does, and
// returns the soft limit now in force.
std::size_t raise_open_files_limit() noexcept;

// The connections the process can really hold: `wanted`, less what the
// descriptor limit leaves once listeners, log files and the spool are counted.
std::size_t connection_limit(std::size_t wanted, std::size_t open_files_limit,
                             unsigned workers) noexcept;

}  // namespace spur::server
