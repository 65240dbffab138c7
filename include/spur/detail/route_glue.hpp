#pragma once
// What the generated unit of an App Router file (`app/**/route.cpp`) calls to
// build its RouteModule from the names it defines (see glue.hpp). AppCallable
// and call_app, the shapes a method may take, are in <spur/wrap.hpp>.
#include <concepts>
#include <string_view>
#include <type_traits>
#include <utility>

#include "spur/app/route_module.hpp"
#include "spur/detail/glue.hpp"
#include "spur/route.hpp"

namespace spur::detail {

// `F` points at the user's GET (a function or a callable object with static
// storage). A synchronous handler runs inside this coroutine, so a throw
// becomes the task's exception like an asynchronous one's.
template <auto F>
Async<Response> invoke_app(Request& req, const Params& params) {
  auto& f = *F;
  using Result = decltype(call_app(f, req, params));
  if constexpr (std::same_as<Result, Async<Response>>)
    co_return co_await call_app(f, req, params);
  else
    co_return call_app(f, req, params);
}

template <http::Method M, auto F>
void add_method(MethodTable& table) {
  using Target = std::remove_pointer_t<decltype(F)>;
  if constexpr (!is_missing<Target>) {
    static_assert(AppCallable<Target>,
                  "a route method must be callable as (), (Request&) or (Request&, const Params&) "
                  "and return Response or Async<Response>");
    table.set(M, &invoke_app<F>);
  }
}

// The shapes SOCKET may take: (WebSocket&), (WebSocket&, Request&) or
// (WebSocket&, Request&, const Params&), returning Async<void>.
template <typename F>
concept SocketCallable =
    std::same_as<std::invoke_result_t<F&, WebSocket&, Request&, const Params&>, Async<void>> ||
    std::same_as<std::invoke_result_t<F&, WebSocket&, Request&>, Async<void>> ||
    std::same_as<std::invoke_result_t<F&, WebSocket&>, Async<void>>;

template <auto F>
Async<void> invoke_socket(WebSocket& ws, Request& req, const Params& params) {
  auto& f = *F;
  using Fn = std::remove_cvref_t<decltype(f)>;
  if constexpr (std::is_invocable_v<Fn&, WebSocket&, Request&, const Params&>)
    co_await f(ws, req, params);
  else if constexpr (std::is_invocable_v<Fn&, WebSocket&, Request&>)
    co_await f(ws, req);
  else
    co_await f(ws);
}

// SOCKET as the endpoint of a GET that asks for a WebSocket: the handshake's
// answer, after which the server runs SOCKET on the connection.
template <auto F>
Endpoint socket_endpoint(WebSocketOptions options) {
  return [options](Request& req, const Params& params) -> Async<Response> {
    // The params are copied: the match is gone once this returns, the socket is not.
    WebSocketBody body = [&req, params](WebSocket& ws) {
      return invoke_socket<F>(ws, req, params);
    };
    co_return upgrade(req, std::move(body), options);
  };
}

// Builds the module of an App Router file from the addresses of its names.
template <auto GET, auto HEAD, auto POST, auto PUT, auto PATCH, auto DELETE, auto OPTIONS,
          auto SOCKET, auto CONFIG>
RouteModule make_app_module() {
  MethodTable table;
  add_method<http::Method::get, GET>(table);
  add_method<http::Method::head, HEAD>(table);
  add_method<http::Method::post, POST>(table);
  add_method<http::Method::put, PUT>(table);
  add_method<http::Method::patch, PATCH>(table);
  add_method<http::Method::delete_, DELETE>(table);
  add_method<http::Method::options, OPTIONS>(table);
  using Config = std::remove_cvref_t<decltype(*CONFIG)>;
  if constexpr (!is_missing<Config>) {
    static_assert(std::same_as<Config, RouteConfig>,
                  "`config` in an App Router file must be a spur::RouteConfig");
    table.config = *CONFIG;
  }
  using Socket = std::remove_pointer_t<decltype(SOCKET)>;
  if constexpr (!is_missing<Socket>) {
    static_assert(SocketCallable<Socket>,
                  "SOCKET must be callable as (WebSocket&), (WebSocket&, Request&) or "
                  "(WebSocket&, Request&, const Params&) and return Async<void>");
    table.socket = socket_endpoint<SOCKET>(table.config.websocket);
  }
  return RouteModule{{}, std::move(table)};
}

}  // namespace spur::detail
