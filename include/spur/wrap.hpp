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
//   // inside this one) and gives its Response.
//   inline constexpr auto with_timing = spur::around_wrapper(
//       [](const Request& req, Next next) -> Task<Response> {
//         auto start = std::chrono::steady_clock::now();
//         Response res = co_await next();
//         res.header("Server-Timing", ...);
//         co_return res;
//       });
//
//   const auto GET = with_timing(with_auth(get_data));       // app/**/route.cpp
//   const auto handler = with_timing(with_auth(impl));        // pages/api/**.cpp
//
// Applied to an App Router handler (callable as (), (Request&) or
// (Request&, const Params&), returning Response or Task<Response>) a wrapper
// gives a RouteHandler; applied to a Pages Router handler
// ((ApiRequest&, ApiResponse&), returning void or Task<void>) it gives a
// PagesHandler. Both are accepted wherever a handler is, so wrappers stack.
#include <concepts>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/task.hpp"
#include "spur/pages/pages_route.hpp"
#include "spur/router/params.hpp"

namespace spur {

namespace detail {

template <typename R>
concept AppResult = std::same_as<R, Response> || std::same_as<R, Task<Response>>;

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

// A Pages Router handler: (ApiRequest&, ApiResponse&) returning void or Task<void>.
template <typename F>
concept PagesCallable = SyncPagesHandler<std::decay_t<F>> || AsyncPagesHandler<std::decay_t<F>>;

// An App Router handler in one shape.
using RouteHandler = std::function<Task<Response>(Request&, const Params&)>;

// Adapts any App Router handler into a RouteHandler; the callable is moved or
// copied in. A synchronous one runs when the returned task is awaited, so its
// exceptions surface there, as an asynchronous one's do. The task refers to
// the RouteHandler: keep the handler alive until the task has finished.
//   RouteHandler h = to_route_handler(get_data);
//   RouteHandler a = to_route_handler([](Request& req) -> Task<Response> { ... });
template <RouteCallable F>
RouteHandler to_route_handler(F&& f) {
  using Fn = std::decay_t<F>;
  if constexpr (std::same_as<Fn, RouteHandler>) {
    return std::forward<F>(f);
  } else {
    return [fn = Fn(std::forward<F>(f))](Request& req,
                                         const Params& params) mutable -> Task<Response> {
      if constexpr (std::same_as<decltype(detail::call_app(fn, req, params)), Task<Response>>)
        co_return co_await detail::call_app(fn, req, params);
      else
        co_return detail::call_app(fn, req, params);
    };
  }
}

template <typename Around>
class AroundWrapper;

// Runs the handler an around-wrapper wraps: `Response r = co_await next();`.
// Valid until the around-function's task has finished. Each call runs the
// handler again.
class Next final {
 public:
  Task<Response> operator()() const { return run_(context_); }

 private:
  template <typename>
  friend class AroundWrapper;
  Next(Task<Response> (*run)(void*), void* context) noexcept : run_(run), context_(context) {}

  Task<Response> (*run_)(void*);
  void* context_;
};

namespace detail {

template <typename T>
inline constexpr bool is_task = false;
template <typename T>
inline constexpr bool is_task<Task<T>> = true;

template <typename R>
concept BeforeResult =
    std::same_as<R, std::optional<Response>> || std::same_as<R, Task<std::optional<Response>>>;

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
     std::same_as<std::invoke_result_t<H&, Req&, const Params&, Next>, Task<Response>>) ||
    (std::invocable<H&, Req&, Next> &&
     std::same_as<std::invoke_result_t<H&, Req&, Next>, Task<Response>>);

template <typename H, typename Req, typename... Extra>
decltype(auto) call_hook(H& h, Req& req, const Params& params, Extra&&... extra) {
  if constexpr (std::invocable<H&, Req&, const Params&, Extra...>)
    return std::invoke(h, req, params, std::forward<Extra>(extra)...);
  else
    return std::invoke(h, req, std::forward<Extra>(extra)...);
}

// A wrapper's check: its answer, awaited when the check is asynchronous.
template <typename H, typename Req>
Task<std::optional<Response>> run_check(H& check, Req& req, const Params& params) {
  if constexpr (is_task<decltype(call_hook(check, req, params))>)
    co_return co_await call_hook(check, req, params);
  else
    co_return call_hook(check, req, params);
}

template <typename F>
inline constexpr bool always_false = false;

// A handler of exactly one router's shape.
template <typename F>
concept AppOnly = RouteCallable<F> && !PagesCallable<F>;
template <typename F>
concept PagesOnly = PagesCallable<F> && !RouteCallable<F>;

// What Next runs in an App Router handler.
struct AppNext {
  const RouteHandler* handler;
  Request* request;
  const Params* params;
};
inline Task<Response> run_app_next(void* context) {
  auto* c = static_cast<AppNext*>(context);
  return (*c->handler)(*c->request, *c->params);
}

// What Next runs in a Pages Router handler: the inner handler against a
// fresh ApiResponse, whose Response it returns. `unsent` records a handler
// that returned without answering (the Response is then the 500 that
// run_pages_route will send).
struct PagesNext {
  const PagesHandler* handler;
  ApiRequest* request;
  bool unsent = false;
};
Task<Response> run_pages_next(void* context);

}  // namespace detail

// A wrapper that runs `before` ahead of the handler; see spur::wrapper().
template <typename Before>
class Wrapper final {
 public:
  constexpr explicit Wrapper(Before before) : before_(std::move(before)) {}

  // App Router: a RouteHandler.
  template <detail::AppOnly F>
  RouteHandler operator()(F&& inner) const {
    if constexpr (!detail::BeforeHook<const Before, Request>) {
      static_assert(detail::BeforeHook<const Before, Request>,
                    "a wrapper's check must be callable as (const Request&) or "
                    "(const Request&, const Params&) (or Request& in place of const Request&) and "
                    "return std::optional<Response> or Task<std::optional<Response>>");
      return {};
    } else {
      return [before = before_, next = to_route_handler(std::forward<F>(inner))](
                 Request& req, const Params& params) -> Task<Response> {
        std::optional<Response> early = co_await detail::run_check(before, req, params);
        if (early) co_return std::move(*early);
        co_return co_await next(req, params);
      };
    }
  }

  // Pages Router: a PagesHandler. A short-circuit Response is sent with
  // ApiResponse::send_response (status, headers and body as they are).
  template <detail::PagesOnly F>
  PagesHandler operator()(F&& inner) const {
    if constexpr (!detail::BeforeHook<const Before, const Request>) {
      static_assert(detail::BeforeHook<const Before, const Request>,
                    "a wrapper applied to a Pages Router handler needs a check callable as "
                    "(const Request&) or (const Request&, const Params&) (not Request&), returning "
                    "std::optional<Response> or Task<std::optional<Response>>");
      return {};
    } else {
      return [before = before_, next = to_pages_handler(std::forward<F>(inner))](
                 ApiRequest& req, ApiResponse& res) -> Task<void> {
        std::optional<Response> early =
            co_await detail::run_check(before, req.request(), req.params());
        if (early) {
          res.send_response(std::move(*early));
          co_return;
        }
        co_await next(req, res);
      };
    }
  }

  template <typename F>
  requires(!detail::AppOnly<F> && !detail::PagesOnly<F>) void operator()(F&&) const {
    static_assert(detail::always_false<F>,
                  "a wrapper takes an App Router handler ((), (Request&) or "
                  "(Request&, const Params&) returning Response or Task<Response>) or a Pages "
                  "Router handler ((ApiRequest&, ApiResponse&) returning void or Task<void>)");
  }

 private:
  Before before_;
};

// A wrapper that runs `around` in place of the handler; see spur::around_wrapper().
template <typename Around>
class AroundWrapper final {
 public:
  constexpr explicit AroundWrapper(Around around) : around_(std::move(around)) {}

  // App Router: a RouteHandler returning what `around` returns.
  template <detail::AppOnly F>
  RouteHandler operator()(F&& inner) const {
    if constexpr (!detail::AroundHook<const Around, Request>) {
      static_assert(detail::AroundHook<const Around, Request>,
                    "an around-wrapper's function must be callable as (const Request&, Next) or "
                    "(const Request&, const Params&, Next) (or Request& in place of const "
                    "Request&) and return Task<Response>");
      return {};
    } else {
      return [around = around_, next = to_route_handler(std::forward<F>(inner))](
                 Request& req, const Params& params) -> Task<Response> {
        detail::AppNext context{&next, &req, &params};
        co_return co_await detail::call_hook(around, req, params,
                                             Next(&detail::run_app_next, &context));
      };
    }
  }

  // Pages Router: a PagesHandler. next() runs the inner handler against its
  // own ApiResponse and gives the Response it built; what `around` returns is
  // sent with ApiResponse::send_response. When the inner handler returned
  // without answering, next() gives a 500 and the outer response stays
  // unsent, so the route answers that 500 as an unwrapped handler would.
  template <detail::PagesOnly F>
  PagesHandler operator()(F&& inner) const {
    if constexpr (!detail::AroundHook<const Around, const Request>) {
      static_assert(detail::AroundHook<const Around, const Request>,
                    "an around-wrapper applied to a Pages Router handler needs a function callable "
                    "as (const Request&, Next) or (const Request&, const Params&, Next) (not "
                    "Request&), returning Task<Response>");
      return {};
    } else {
      return [around = around_, next = to_pages_handler(std::forward<F>(inner))](
                 ApiRequest& req, ApiResponse& res) -> Task<void> {
        detail::PagesNext context{&next, &req};
        Response out = co_await detail::call_hook(around, req.request(), req.params(),
                                                  Next(&detail::run_pages_next, &context));
        if (context.unsent) co_return;
        res.send_response(std::move(out));
      };
    }
  }

  template <typename F>
  requires(!detail::AppOnly<F> && !detail::PagesOnly<F>) void operator()(F&&) const {
    static_assert(detail::always_false<F>,
                  "a wrapper takes an App Router handler ((), (Request&) or "
                  "(Request&, const Params&) returning Response or Task<Response>) or a Pages "
                  "Router handler ((ApiRequest&, ApiResponse&) returning void or Task<void>)");
  }

 private:
  Around around_;
};

// Makes a wrapper from a check run before the handler:
//   (const Request&) or (const Request&, const Params&)
//     -> std::optional<Response> or Task<std::optional<Response>>
// A Response answers the request without running the handler; nullopt runs
// it. In an App Router file the check may take Request& instead.
template <typename Before>
constexpr Wrapper<std::decay_t<Before>> wrapper(Before&& before) {
  static_assert(detail::BeforeHook<const std::decay_t<Before>, Request>,
                "spur::wrapper takes a check callable as (const Request&) or "
                "(const Request&, const Params&) (or Request& in place of const Request&) that "
                "returns std::optional<Response> or Task<std::optional<Response>>");
  return Wrapper<std::decay_t<Before>>(std::forward<Before>(before));
}

// Makes a wrapper from a function run in place of the handler:
//   (const Request&, Next) or (const Request&, const Params&, Next) -> Task<Response>
// `co_await next()` runs the handler and gives its Response, which the
// function may change or replace; not calling next() short-circuits.
template <typename Around>
constexpr AroundWrapper<std::decay_t<Around>> around_wrapper(Around&& around) {
  static_assert(detail::AroundHook<const std::decay_t<Around>, Request>,
                "spur::around_wrapper takes a function callable as (const Request&, Next) or "
                "(const Request&, const Params&, Next) (or Request& in place of const Request&) "
                "that returns Task<Response>");
  return AroundWrapper<std::decay_t<Around>>(std::forward<Around>(around));
}

}  // namespace spur
