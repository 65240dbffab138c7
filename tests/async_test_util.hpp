#pragma once
// Running an Async to its end in a unit test, without a server: run_now()
// for one that finishes without suspending, Loop for one that suspends and is
// resumed by the test.
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "spur/core/async.hpp"
#include "spur/core/response.hpp"

namespace spur::test {

// What spawn() posts, run when the test says so: the test's event loop.
class Loop {
 public:
  // Starts `task`; outcome() has its end once it finished (at once, or after run()).
  template <typename T>
  std::optional<detail::Outcome<T>>& start(Async<T> task, std::optional<detail::Outcome<T>>& out) {
    detail::spawn(
        std::move(task), [this](std::function<void()> f) { posted_.push_back(std::move(f)); },
        [&out](detail::Outcome<T> o) { out.emplace(std::move(o)); });
    return out;
  }
  // Runs what was posted so far (and what that posts); how many calls ran.
  int run() {
    int n = 0;
    while (!posted_.empty()) {
      auto f = std::move(posted_.front());
      posted_.erase(posted_.begin());
      f();
      ++n;
    }
    return n;
  }

 private:
  std::vector<std::function<void()>> posted_;
};

// The value of `task`, which must finish without suspending (nothing here
// would resume it); its exception is rethrown.
template <typename T>
T run_now(Async<T> task) {
  Loop loop;
  std::optional<detail::Outcome<T>> outcome;
  loop.start(std::move(task), outcome);
  if (!outcome) throw std::logic_error("the task suspended; use test::Loop to resume it");
  return outcome->get();
}

// A response's fields as they go on the wire: "Name: value\r\n" each, in order.
inline std::string wire_fields(const Response& r) {
  std::string out;
  for (const http::Header h : r.headers())
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  return out;
}

}  // namespace spur::test
