#pragma once
// Middleware: a function of the request and what comes after it.
//   Middleware timing = [](Request& req, Next next) -> Async<Response> {
//     const auto start = std::chrono::steady_clock::now();
//     Response res = co_await next();          // the rest of the chain, then the route
//     res.set_header("Server-Timing", …);
//     co_return res;
//   };
// The built-ins of spur.config.cpp are middleware of this shape, and so is the
// app's own middleware.cpp once adapted; around-wrappers (<spur/wrap.hpp>)
// get the same Next for the handler they wrap. Not calling next() answers
// without running what follows.
#include <functional>
#include <stdexcept>
#include <utility>

#include "spur/core/async.hpp"

namespace spur {

class Request;
class Response;

namespace detail {
struct NextAccess;
}

// What comes after a middleware or a wrapper: call it at most once, while the
// function that received it runs. A second call throws std::logic_error (the
// rest of the chain cannot run twice for one request).
class Next final {
 public:
  Next(Next&& other) noexcept : run_(std::exchange(other.run_, nullptr)), target_(other.target_) {}
  Next& operator=(Next&&) = delete;
  Next(const Next&) = delete;
  Next& operator=(const Next&) = delete;

  Async<Response> operator()() {
    if (!run_) throw std::logic_error("next() called twice (or after being moved from)");
    return std::exchange(run_, nullptr)(target_);
  }

 private:
  friend struct detail::NextAccess;
  Next(Async<Response> (*run)(void*), void* target) noexcept : run_(run), target_(target) {}

  Async<Response> (*run_)(void*);
  void* target_;
};

using Middleware = std::function<Async<Response>(Request&, Next)>;

namespace detail {
struct NextAccess {
  // A Next that calls `f()`; `f` must outlive every use of it.
  template <typename F>
  static Next to(F& f) noexcept {
    return Next([](void* target) -> Async<Response> { return (*static_cast<F*>(target))(); }, &f);
  }
};
}  // namespace detail

}  // namespace spur
