#pragma once
// A connection on loan from this worker's pool: back to it after a response
// read to its end that allows reuse, closed in every other case (an
// exception, a cancellation, a body left unread), so no half-read connection
// is ever reused.
#include <memory>
#include <string>
#include <utility>

#include "connection.hpp"
#include "target.hpp"

namespace spur::fetch_detail {

class Lease {
 public:
  Lease(Target target, std::string key, std::unique_ptr<Connection> c)
      : target_(std::move(target)), key_(std::move(key)), c_(std::move(c)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (c_) worker_pool().discard(target_, key_, std::move(c_));
  }
  Connection& operator*() { return *c_; }
  Connection* operator->() { return c_.get(); }
  const Target& target() const noexcept { return target_; }
  void release(bool reusable) {
    if (!c_) return;
    if (reusable)
      worker_pool().give_back(target_, key_, std::move(c_));
    else
      worker_pool().discard(target_, key_, std::move(c_));
  }

 private:
  Target target_;
  std::string key_;
  std::unique_ptr<Connection> c_;
};

}  // namespace spur::fetch_detail
