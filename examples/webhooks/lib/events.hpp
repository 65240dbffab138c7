#pragma once
// The side effect of every event: here, a list of what was handled, shown by
// GET /api/events (a real app would fulfil an order or create a user).
#include <boost/json/array.hpp>
#include <mutex>
#include <string>
#include <string_view>

namespace webhooks_app {

class HandledEvents {
 public:
  void add(std::string_view source, std::string_view id, std::string_view type) {
    std::lock_guard lock(mutex_);
    list_.push_back({{"source", source}, {"id", id}, {"type", type}});
  }
  boost::json::array list() const {
    std::lock_guard lock(mutex_);
    return list_;
  }

 private:
  mutable std::mutex mutex_;
  boost::json::array list_;
};

inline HandledEvents handled;

}  // namespace webhooks_app
