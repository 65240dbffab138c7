#pragma once
// The glue between a Pages Router file and the server. The module layer turns
// a `pages/api/**.cpp` file's `handler` (and optional `config`) into a
// PagesHandler with to_pages_handler(), and answers a matched request with
// run_pages_route().
//
// Wrappers compose the way Next.js's withAuth(handler) does: take any handler,
// return a PagesHandler.
//   template <typename F>
//   PagesHandler with_auth(F&& inner) {
//     return [next = to_pages_handler(std::forward<F>(inner))](ApiRequest& req,
//                                                              ApiResponse& res) -> Async<void> {
//       if (!req.header("authorization")) {
//         res.status(401).json({{"message", "Unauthorized"}});
//         co_return;
//       }
//       co_await next(req, res);
//     };
//   }
//   void handler(ApiRequest& req, ApiResponse& res) { res.status(200).json({{"ok", true}}); }
//   const auto handler_with_auth = with_auth(handler);
#include <concepts>
#include <functional>
#include <type_traits>
#include <utility>

#include "spur/core/async.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/pages/api_config.hpp"
#include "spur/pages/api_request.hpp"
#include "spur/pages/api_response.hpp"
#include "spur/router/params.hpp"

namespace spur {

using PagesHandler = std::function<Async<void>(ApiRequest&, ApiResponse&)>;

// A handler written as `void f(ApiRequest&, ApiResponse&)`.
template <typename F>
concept SyncPagesHandler = std::invocable<F&, ApiRequest&, ApiResponse&> &&
    std::is_void_v<std::invoke_result_t<F&, ApiRequest&, ApiResponse&>>;

// A handler written as `Async<void> f(ApiRequest&, ApiResponse&)`.
template <typename F>
concept AsyncPagesHandler = std::invocable<F&, ApiRequest&, ApiResponse&> &&
    std::same_as<std::invoke_result_t<F&, ApiRequest&, ApiResponse&>, Async<void>>;

// Adapts a function, function pointer, lambda or other callable, returning
// void or Async<void>, into a PagesHandler. The callable is moved or copied in.
// A synchronous one runs when the returned Async is awaited, so its exceptions
// surface there, as an asynchronous one's do.
//   PagesHandler h = to_pages_handler(handler);
//   PagesHandler a = to_pages_handler([](ApiRequest& req, ApiResponse& res) -> Async<void> {
//     co_await spur::sleep(10ms);
//     res.send("done");
//   });
template <typename F>
requires SyncPagesHandler<std::decay_t<F>> || AsyncPagesHandler<std::decay_t<F>> PagesHandler
to_pages_handler(F&& f) {
  using Fn = std::decay_t<F>;
  if constexpr (AsyncPagesHandler<Fn>) {
    return PagesHandler(std::forward<F>(f));
  } else {
    // The coroutine refers to the lambda object, which lives inside the
    // returned std::function for as long as the handler does.
    return [fn = Fn(std::forward<F>(f))](ApiRequest& req, ApiResponse& res) mutable -> Async<void> {
      fn(req, res);
      co_return;
    };
  }
}

// Answers one request with a Pages Router handler, as Next.js's apiResolver:
//  1. the body: with config.body_parser, an unknown charset answers 400
//     {"error":"Invalid body"}; a body over config.body_size_limit answers 413
//     {"error":"Body exceeded 1mb limit"} (any Content-Type, even when the
//     handler would never read it); malformed JSON answers 400
//     {"error":"Invalid JSON"}. The handler is not called in these cases.
//  2. the handler runs with the method as sent (no automatic HEAD, OPTIONS
//     or 405); req.query merges the query string with `params`.
//  3. the Response it built is returned. A handler that returns without
//     ending the response gets a 500 {"error": ...} and a line on stderr
//     naming the route, instead of a stalled request. An exception from the
//     handler propagates (the server maps it to a status at one place).
// `handler`, `request`, `params` and `config` must outlive the returned Async.
Async<Response> run_pages_route(const PagesHandler& handler, Request& request,
                                const router::Params& params, const ApiConfig& config);

}  // namespace spur
