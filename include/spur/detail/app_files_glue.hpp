#pragma once
// What the generated units of the app-level files call: middleware.cpp (its
// `middleware` and `config`) and spur.config.cpp (its `config`). As for route
// files (glue.hpp), the user's file is compiled in its own namespace that
// also sees the fallbacks below, so a name it does not define is Missing.
#include <concepts>
#include <type_traits>

#include "spur/app/middleware_module.hpp"
#include "spur/config.hpp"
#include "spur/detail/glue.hpp"

namespace spur::detail {

namespace middleware_fallback {
inline constexpr Missing middleware{}, config{};
}  // namespace middleware_fallback

namespace config_fallback {
inline constexpr Missing config{};
}  // namespace config_fallback

template <typename R>
concept MiddlewareReturn =
    std::same_as<R, MiddlewareResult> || std::same_as<R, Task<MiddlewareResult>>;

template <typename F>
concept MiddlewareCallable = (std::invocable<F&, Request&> &&
                              MiddlewareReturn<std::invoke_result_t<F&, Request&>>) ||
                             (std::invocable<F&> && MiddlewareReturn<std::invoke_result_t<F&>>);

template <typename F>
decltype(auto) call_middleware(F& f, Request& req) {
  if constexpr (std::invocable<F&, Request&>)
    return f(req);
  else
    return f();
}

// A synchronous middleware runs inside this coroutine, so a throw becomes the
// task's exception like an asynchronous one's.
template <auto F>
Task<MiddlewareResult> invoke_middleware(Request& req) {
  auto& f = *F;
  using Result = decltype(call_middleware(f, req));
  if constexpr (std::same_as<Result, Task<MiddlewareResult>>)
    co_return co_await call_middleware(f, req);
  else
    co_return call_middleware(f, req);
}

template <auto MIDDLEWARE, auto CONFIG>
MiddlewareModule make_middleware_module() {
  using Target = std::remove_pointer_t<decltype(MIDDLEWARE)>;
  static_assert(!is_missing<Target>, "middleware.cpp must define middleware(Request&)");
  static_assert(MiddlewareCallable<Target>,
                "middleware must be callable as (Request&) or () and return MiddlewareResult "
                "(next(), rewrite(), redirect(), a Response) or Task<MiddlewareResult>");
  MiddlewareModule m;
  m.run = &invoke_middleware<MIDDLEWARE>;
  using Config = std::remove_cvref_t<decltype(*CONFIG)>;
  if constexpr (!is_missing<Config>) {
    static_assert(std::same_as<Config, MiddlewareConfig>,
                  "`config` in middleware.cpp must be a spur::MiddlewareConfig");
    m.config = *CONFIG;
  }
  return m;
}

template <auto CONFIG>
AppConfig make_app_config() {
  using Config = std::remove_cvref_t<decltype(*CONFIG)>;
  static_assert(std::same_as<Config, AppConfig>,
                "spur.config.cpp must define `const spur::AppConfig config{...};`");
  return *CONFIG;
}

}  // namespace spur::detail
