#pragma once
// What the generated unit of a route file calls to build its RouteModule. The
// user's file is compiled inside its own namespace `N::user`, which also sees
// `fallback::` (below) through a using-directive. A qualified lookup of
// `N::user::GET` then finds the user's GET when the file defines one (a
// function or a callable object) and the fallback otherwise, so detection
// needs no macro and no registration line in the user's file. AppCallable and
// call_app, the shapes a method may take, are in <spur/wrap.hpp>.
#include <concepts>
#include <string_view>
#include <type_traits>
#include <utility>

#include "spur/app/route_module.hpp"
#include "spur/wrap.hpp"

namespace spur::detail {

// The type of every name a route file did not define.
struct Missing {};

namespace fallback {
inline constexpr Missing GET{}, HEAD{}, POST{}, PUT{}, PATCH{}, DELETE{}, OPTIONS{}, SOCKET{};
inline constexpr Missing config{}, handler{};
}  // namespace fallback

template <typename T>
inline constexpr bool is_missing = std::is_same_v<std::remove_cvref_t<T>, Missing>;

// `F` points at the user's GET (a function or a callable object with static
// storage). A synchronous handler runs inside this coroutine, so a throw
// becomes the task's exception like an asynchronous one's.
template <auto F>
Task<Response> invoke_app(Request& req, const Params& params) {
  auto& f = *F;
  using Result = decltype(call_app(f, req, params));
  if constexpr (std::same_as<Result, Task<Response>>)
    co_return co_await call_app(f, req, params);
  else
    co_return call_app(f, req, params);
}

template <AppMethod M, auto F>
void add_method(RouteModule& module) {
  using Target = std::remove_pointer_t<decltype(F)>;
  if constexpr (!is_missing<Target>) {
    static_assert(AppCallable<Target>,
                  "a route method must be callable as (), (Request&) or (Request&, const Params&) "
                  "and return Response or Task<Response>");
    module.methods[static_cast<std::size_t>(M)] = &invoke_app<F>;
  }
}

// The shapes SOCKET may take: (WebSocket&), (WebSocket&, Request&) or
// (WebSocket&, Request&, const Params&), returning Task<void>.
template <typename F>
concept SocketCallable =
    std::same_as<std::invoke_result_t<F&, WebSocket&, Request&, const Params&>, Task<void>> ||
    std::same_as<std::invoke_result_t<F&, WebSocket&, Request&>, Task<void>> ||
    std::same_as<std::invoke_result_t<F&, WebSocket&>, Task<void>>;

template <auto F>
Task<void> invoke_socket(WebSocket& ws, Request& req, const Params& params) {
  auto& f = *F;
  using Fn = std::remove_cvref_t<decltype(f)>;
  if constexpr (std::is_invocable_v<Fn&, WebSocket&, Request&, const Params&>)
    co_await f(ws, req, params);
  else if constexpr (std::is_invocable_v<Fn&, WebSocket&, Request&>)
    co_await f(ws, req);
  else
    co_await f(ws);
}

// Builds the module of an App Router file from the addresses of its names.
template <auto GET, auto HEAD, auto POST, auto PUT, auto PATCH, auto DELETE, auto OPTIONS,
          auto SOCKET, auto CONFIG>
RouteModule make_app_module(std::string_view file) {
  RouteModule m;
  m.kind = RouteModule::Kind::app;
  m.file = file;
  add_method<AppMethod::GET, GET>(m);
  add_method<AppMethod::HEAD, HEAD>(m);
  add_method<AppMethod::POST, POST>(m);
  add_method<AppMethod::PUT, PUT>(m);
  add_method<AppMethod::PATCH, PATCH>(m);
  add_method<AppMethod::DELETE_, DELETE>(m);
  add_method<AppMethod::OPTIONS, OPTIONS>(m);
  using Socket = std::remove_pointer_t<decltype(SOCKET)>;
  if constexpr (!is_missing<Socket>) {
    static_assert(SocketCallable<Socket>,
                  "SOCKET must be callable as (WebSocket&), (WebSocket&, Request&) or "
                  "(WebSocket&, Request&, const Params&) and return Task<void>");
    m.socket = &invoke_socket<SOCKET>;
  }
  using Config = std::remove_cvref_t<decltype(*CONFIG)>;
  if constexpr (!is_missing<Config>) {
    static_assert(std::same_as<Config, RouteConfig>,
                  "`config` in an App Router file must be a spur::RouteConfig");
    m.config = *CONFIG;
  }
  return m;
}

// Builds the module of a Pages Router file from its `handler` and `config`.
template <auto HANDLER, auto CONFIG>
RouteModule make_pages_module(std::string_view file) {
  RouteModule m;
  m.kind = RouteModule::Kind::pages;
  m.file = file;
  using Handler = std::remove_pointer_t<decltype(HANDLER)>;
  static_assert(!is_missing<Handler>,
                "a Pages Router file must define handler(ApiRequest&, ApiResponse&)");
  m.pages = to_pages_handler(*HANDLER);
  using Config = std::remove_cvref_t<decltype(*CONFIG)>;
  if constexpr (!is_missing<Config>) {
    static_assert(std::same_as<Config, ApiConfig>,
                  "`config` in a Pages Router file must be a spur::ApiConfig");
    m.api_config = *CONFIG;
  }
  return m;
}

}  // namespace spur::detail
