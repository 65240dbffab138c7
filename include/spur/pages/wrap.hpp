#pragma once
// The Pages Router half of <spur/wrap.hpp>: a wrapper applied to a Pages
// Router handler ((ApiRequest&, ApiResponse&) returning void or Async<void>)
// gives a PagesHandler.
//  - A check's short-circuit Response is sent with ApiResponse::send_response
//    (status, headers and body as they are).
//  - An around-wrapper's next() runs the inner handler against its own
//    ApiResponse and gives the Response it built; what the function returns is
//    then sent with send_response. When the inner handler returned without
//    answering, next() gives a 500 and the outer response stays unsent, so
//    the route answers that 500 as an unwrapped handler would.
#include <optional>
#include <utility>

#include "spur/pages/pages_route.hpp"
#include "spur/wrap.hpp"

namespace spur {

// A Pages Router handler: (ApiRequest&, ApiResponse&) returning void or Async<void>.
template <typename F>
concept PagesCallable = SyncPagesHandler<std::decay_t<F>> || AsyncPagesHandler<std::decay_t<F>>;

namespace detail {

template <typename F>
concept PagesOnly = PagesCallable<F> && !RouteCallable<F>;

// The inner handler of an around-wrapper, run against a fresh ApiResponse;
// `unsent` is set when it returned without answering (the Response is then
// the 500 that run_pages_route would send).
Async<Response> run_inner_pages_handler(const PagesHandler& handler, ApiRequest& request,
                                        bool& unsent);

template <typename Before, PagesOnly F>
PagesHandler wrap_handler(const Wrapper<Before>& w, F&& inner, wrappable) {
  if constexpr (!BeforeHook<const Before, const Request>) {
    static_assert(BeforeHook<const Before, const Request>,
                  "a wrapper applied to a Pages Router handler needs a check callable as "
                  "(const Request&) or (const Request&, const Params&) (not Request&), returning "
                  "std::optional<Response> or Async<std::optional<Response>>");
    return {};
  } else {
    return [before = w.before(), next = to_pages_handler(std::forward<F>(inner))](
               ApiRequest& req, ApiResponse& res) -> Async<void> {
      std::optional<Response> early = co_await run_check(before, req.request(), req.params());
      if (early) {
        res.send_response(std::move(*early));
        co_return;
      }
      co_await next(req, res);
    };
  }
}

template <typename Around, PagesOnly F>
PagesHandler wrap_handler(const AroundWrapper<Around>& w, F&& inner, wrappable) {
  if constexpr (!AroundHook<const Around, const Request>) {
    static_assert(AroundHook<const Around, const Request>,
                  "an around-wrapper applied to a Pages Router handler needs a function callable "
                  "as (const Request&, Next) or (const Request&, const Params&, Next) (not "
                  "Request&), returning Async<Response>");
    return {};
  } else {
    return [around = w.around(), next = to_pages_handler(std::forward<F>(inner))](
               ApiRequest& req, ApiResponse& res) -> Async<void> {
      bool unsent = false;
      auto run = [&] { return run_inner_pages_handler(next, req, unsent); };
      Response out = co_await call_hook(around, req.request(), req.params(), NextAccess::to(run));
      if (unsent) co_return;
      res.send_response(std::move(out));
    };
  }
}

}  // namespace detail
}  // namespace spur
