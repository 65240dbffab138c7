#pragma once
// Composing handlers: one wrapper for both routers, as Next.js's
// withAuth(handler). See docs/wrappers.md.
//
//   // A check that runs before the handler: a Response short-circuits,
//   // nullopt lets the request through.
//   inline constexpr auto with_auth = spur::wrapper(
//       [](const Request& req) -> std::optional<Response> {
//         if (!req.header("authorization"))
//           return Response::json({{"error", "Unauthorized"}}, 401);
//         return std::nullopt;
//       });
//
//   // Code around the handler: `co_await next()` runs it (and the wrappers
//   // inside this one) and gives its Response; the same Next as middleware's.
//   inline constexpr auto with_timing = spur::around_wrapper(
//       [](const Request& req, Next next) -> Async<Response> {
//         auto start = std::chrono::steady_clock::now();
//         Response res = co_await next();
//         res.set_header("Server-Timing", ...);
//         co_return res;
//       });
//
//   const auto GET = with_timing(with_auth(get_data));       // app/**/route.cpp
//   const auto handler = with_timing(with_auth(impl));        // pages/api/**.cpp
//
// Applied to an App Router handler (callable as (), (Request&) or
// (Request&, const Params&), returning Response or Async<Response>) a wrapper
// gives a RouteHandler. This header is the App Router half; <spur/api.hpp>
// adds the Pages Router half (pages/wrap.hpp), where a wrapper applied to a
// (ApiRequest&, ApiResponse&) handler gives a PagesHandler. Both are accepted
// wherever a handler is, so wrappers stack.
#include <concepts>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "spur/core/async.hpp"
#include "spur/core/next.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/router/params.hpp"

namespace spur {

namespace detail {

template <typename R>
concept AppResult = std::same_as<R, Response> || std::same_as<R, Async<Response>>;

// What an App Router file may export as a method.
template <typename F>
concept AppCallable = (std::invocable<F&, Request&, const Params&> &&
                       AppResult<std::invoke_result_t<F&, Request&, const Params&>>) ||
                      (std::invocable<F&, Request&> &&
                       AppResult<std::invoke_result_t<F&, Request&>>) ||
                      (std::invocable<F&> && AppResult<std::invoke_result_t<F&>>);

template <typename F>
decltype(auto) call_app(F& f, Request& req, const Params& params) {
  if constexpr (std::invocable<F&, Request&, const Params&>)
    return f(req, params);
  else if constexpr (std::invocable<F&, Request&>)
    return f(req);
  else
    return f();
}

}  // namespace detail

// An App Router handler of any accepted shape.
template <typename F>
concept RouteCallable = detail::AppCallable<std::decay_t<F>>;

// An App Router handler in one shape.
using RouteHandler = std::function<Async<Response>(Request&, const Params&)>;

// Adapts any App Router handler into a RouteHandler; the callable is moved or
// copied in. A synchronous one runs when the returned task is awaited, so its
// exceptions surface there, as an asynchronous one's do. The task refers to
// the RouteHandler: keep the handler alive until the task has finished.
//   RouteHandler h = to_route_handler(get_data);
//   RouteHandler a = to_route_handler([](Request& req) -> Async<Response> { ... });
template <RouteCallable F>
RouteHandler to_route_handler(F&& f) {
  using Fn = std::decay_t<F>;
  if constexpr (std::same_as<Fn, RouteHandler>) {
    return std::forward<F>(f);
  } else {
    return [fn = Fn(std::forward<F>(f))](Request& req,
                                         const Params& params) mutable -> Async<Response> {
      if constexpr (std::same_as<decltype(detail::call_app(fn, req, params)), Async<Response>>)
        co_return co_await detail::call_app(fn, req, params);
      else
        co_return detail::call_app(fn, req, params);
    };
  }
}

namespace detail {

template <typename T>
inline constexpr bool is_async = false;
template <typename T>
inline constexpr bool is_async<Async<T>> = true;

template <typename R>
concept BeforeResult =
    std::same_as<R, std::optional<Response>> || std::same_as<R, Async<std::optional<Response>>>;

// `h` called as (req, params) or (req). `Req` is Request (App Router) or
// const Request (Pages Router).
template <typename H, typename Req>
concept BeforeHook = (std::invocable<H&, Req&, const Params&> &&
                      BeforeResult<std::invoke_result_t<H&, Req&, const Params&>>) ||
                     (std::invocable<H&, Req&> && BeforeResult<std::invoke_result_t<H&, Req&>>);

// `h` called as (req, params, next) or (req, next).
template <typename H, typename Req>
concept AroundHook =
    (std::invocable<H&, Req&, const Params&, Next> &&
     std::same_as<std::invoke_result_t<H&, Req&, const Params&, Next>, Async<Response>>) ||
    (std::invocable<H&, Req&, Next> &&
     std::same_as<std::invoke_result_t<H&, Req&, Next>, Async<Response>>);

template <typename H, typename Req, typename... Extra>
decltype(auto) call_hook(H& h, Req& req, const Params& params, Extra&&... extra) {
  if constexpr (std::invocable<H&, Req&, const Params&, Extra...>)
    return std::invoke(h, req, params, std::forward<Extra>(extra)...);
  else
    return std::invoke(h, req, std::forward<Extra>(extra)...);
}

// A wrapper's check: its answer, awaited when the check is asynchronous.
template <typename H, typename Req>
Async<std::optional<Response>> run_check(H& check, Req& req, const Params& params) {
  if constexpr (is_async<decltype(call_hook(check, req, params))>)
    co_return co_await call_hook(check, req, params);
  else
    co_return call_hook(check, req, params);
}

// Which overload applies: the App and Pages halves' take `wrappable` and
// win over the catch-all below, which takes `any_handler`.
struct any_handler {};
struct wrappable : any_handler {};

template <typename F>
inline constexpr bool always_false = false;

template <typename F>
concept AppOnly = RouteCallable<F>;

}  // namespace detail

template <typename Before>
class Wrapper;
template <typename Around>
class AroundWrapper;

namespace detail {

// App Router: the check ahead of the handler.
template <typename Before, AppOnly F>
RouteHandler wrap_handler(const Wrapper<Before>& w, F&& inner, wrappable) {
  if constexpr (!BeforeHook<const Before, Request>) {
    static_assert(BeforeHook<const Before, Request>,
                  "a wrapper's check must be callable as (const Request&) or "
                  "(const Request&, const Params&) (or Request& in place of const Request&) and "
                  "return std::optional<Response> or Async<std::optional<Response>>");
    return {};
  } else {
    return [before = w.before(), next = to_route_handler(std::forward<F>(inner))](
               Request& req, const Params& params) -> Async<Response> {
      std::optional<Response> early = co_await run_check(before, req, params);
      if (early) co_return std::move(*early);
      co_return co_await next(req, params);
    };
  }
}

// App Router: the function in place of the handler, with a Next that runs it.
template <typename Around, AppOnly F>
RouteHandler wrap_handler(const AroundWrapper<Around>& w, F&& inner, wrappable) {
  if constexpr (!AroundHook<const Around, Request>) {
    static_assert(AroundHook<const Around, Request>,
                  "an around-wrapper's function must be callable as (const Request&, Next) or "
                  "(const Request&, const Params&, Next) (or Request& in place of const "
                  "Request&) and return Async<Response>");
    return {};
  } else {
    return [around = w.around(), next = to_route_handler(std::forward<F>(inner))](
               Request& req, const Params& params) -> Async<Response> {
      auto run = [&] { return next(req, params); };
      co_return co_await call_hook(around, req, params, NextAccess::to(run));
    };
  }
}

// Anything else: a clear error instead of a page of candidates.
template <typename W, typename F>
void wrap_handler(const W&, F&&, any_handler) {
  static_assert(always_false<F>,
                "a wrapper takes an App Router handler ((), (Request&) or "
                "(Request&, const Params&) returning Response or Async<Response>) or, with "
                "<spur/api.hpp>, a Pages Router handler ((ApiRequest&, ApiResponse&) returning "
                "void or Async<void>)");
}

}  // namespace detail

// A wrapper that runs `before` ahead of the handler; see spur::wrapper().
template <typename Before>
class Wrapper final {
 public:
  constexpr explicit Wrapper(Before before) : before_(std::move(before)) {}
  template <typename F>
  auto operator()(F&& inner) const {
    return wrap_handler(*this, std::forward<F>(inner), detail::wrappable{});
  }
  const Before& before() const noexcept { return before_; }

 private:
  Before before_;
};

// A wrapper that runs `around` in place of the handler; see spur::around_wrapper().
template <typename Around>
class AroundWrapper final {
 public:
  constexpr explicit AroundWrapper(Around around) : around_(std::move(around)) {}
  template <typename F>
  auto operator()(F&& inner) const {
    return wrap_handler(*this, std::forward<F>(inner), detail::wrappable{});
  }
  const Around& around() const noexcept { return around_; }

 private:
  Around around_;
};

// Makes a wrapper from a check run before the handler:
//   (const Request&) or (const Request&, const Params&)
//     -> std::optional<Response> or Async<std::optional<Response>>
// A Response answers the request without running the handler; nullopt runs
// it. In an App Router file the check may take Request& instead.
template <typename Before>
constexpr Wrapper<std::decay_t<Before>> wrapper(Before&& before) {
  static_assert(detail::BeforeHook<const std::decay_t<Before>, Request>,
                "spur::wrapper takes a check callable as (const Request&) or "
                "(const Request&, const Params&) (or Request& in place of const Request&) that "
                "returns std::optional<Response> or Async<std::optional<Response>>");
  return Wrapper<std::decay_t<Before>>(std::forward<Before>(before));
}

// Makes a wrapper from a function run in place of the handler:
//   (const Request&, Next) or (const Request&, const Params&, Next) -> Async<Response>
// `co_await next()` runs the handler and gives its Response, which the
// function may change or replace; not calling next() short-circuits; calling
// it twice throws std::logic_error.
template <typename Around>
constexpr AroundWrapper<std::decay_t<Around>> around_wrapper(Around&& around) {
  static_assert(detail::AroundHook<const std::decay_t<Around>, Request>,
                "spur::around_wrapper takes a function callable as (const Request&, Next) or "
                "(const Request&, const Params&, Next) (or Request& in place of const Request&) "
                "that returns Async<Response>");
  return AroundWrapper<std::decay_t<Around>>(std::forward<Around>(around));
}

}  // namespace spur
