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
    std::same_as<R, MiddlewareResult> || std::same_as<R, Async<MiddlewareResult>>;

// Next.js's shape: (Request&) or (), returning what to do next.
template <typename F>
concept NextJsMiddleware = (std::invocable<F&, Request&> &&
                            MiddlewareReturn<std::invoke_result_t<F&, Request&>>) ||
                           (std::invocable<F&> && MiddlewareReturn<std::invoke_result_t<F&>>);

// The chain's shape, as the built-ins: (Request&, Next) returning the answer.
template <typename F>
concept ChainMiddleware = std::invocable<F&, Request&, Next> &&
    std::same_as<std::invoke_result_t<F&, Request&, Next>, Async<Response>>;

template <typename F>
decltype(auto) call_middleware(F& f, Request& req) {
  if constexpr (std::invocable<F&, Request&>)
    return f(req);
  else
    return f();
}

// A Next.js-style middleware as a chain step. A synchronous one runs inside
// this coroutine, so a throw becomes the task's exception like an
// asynchronous one's.
template <auto F>
Async<Response> run_nextjs_middleware(Request& req, Next next) {
  auto& f = *F;
  using Result = decltype(call_middleware(f, req));
  if constexpr (std::same_as<Result, Async<MiddlewareResult>>) {
    MiddlewareResult result = co_await call_middleware(f, req);
    co_return co_await follow(std::move(result), req, std::move(next));
  } else {
    co_return co_await follow(call_middleware(f, req), req, std::move(next));
  }
}

template <auto F>
Async<Response> run_chain_middleware(Request& req, Next next) {
  co_return co_await (*F)(req, std::move(next));
}

template <auto MIDDLEWARE, auto CONFIG>
MiddlewareModule make_middleware_module() {
  using Target = std::remove_pointer_t<decltype(MIDDLEWARE)>;
  static_assert(!is_missing<Target>, "middleware.cpp must define middleware(Request&)");
  static_assert(NextJsMiddleware<Target> || ChainMiddleware<Target>,
                "middleware must be callable as (Request&) or () returning MiddlewareResult "
                "(next(), rewrite(), redirect(), a Response) or Async<MiddlewareResult>, or as "
                "(Request&, Next) returning Async<Response>");
  MiddlewareModule m;
  if constexpr (ChainMiddleware<Target>)
    m.run = &run_chain_middleware<MIDDLEWARE>;
  else
    m.run = &run_nextjs_middleware<MIDDLEWARE>;
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
