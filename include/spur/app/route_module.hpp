#pragma once
// A route module: what one route file defines, as the framework sees it. A
// small value built once by the generated glue for that file (a method table
// for App Router files, a handler for Pages Router files); all behaviour lives
// in App, none in generated code.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/route_config.hpp"
#include "spur/core/task.hpp"
#include "spur/http/method.hpp"
#include "spur/pages/api_config.hpp"
#include "spur/pages/pages_route.hpp"
#include "spur/realtime/websocket.hpp"
#include "spur/router/params.hpp"

namespace spur {

// The methods an App Router file may export, in Allow-header order.
enum class AppMethod : std::uint8_t { DELETE_, GET, HEAD, OPTIONS, PATCH, POST, PUT };
inline constexpr std::size_t app_method_count = 7;
inline constexpr std::array<std::string_view, app_method_count> app_method_names = {
    "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"};

// The exported method for an HTTP method, if it is one of the seven.
std::optional<AppMethod> app_method_for(http::Method m) noexcept;

using AppHandler = Task<Response> (*)(Request&, const Params&);
// The SOCKET export: runs on an accepted WebSocket (see websocket.hpp).
using SocketHandler = Task<void> (*)(WebSocket&, Request&, const Params&);

struct RouteModule {
  enum class Kind : std::uint8_t { app, pages };
  Kind kind = Kind::app;
  std::string_view file;  // relative to the app root, e.g. "app/api/posts/[id]/route.cpp"

  // App Router: one entry per exported method (null: not exported).
  std::array<AppHandler, app_method_count> methods{};
  SocketHandler socket = nullptr;
  RouteConfig config;

  // Pages Router: the default-exported handler and its config.
  PagesHandler pages;
  ApiConfig api_config;

  AppHandler method(AppMethod m) const noexcept { return methods[static_cast<std::size_t>(m)]; }
};

// How the generated table of an app names its routes.
struct RouteModuleEntry {
  std::string_view file;
  RouteModule (*make)();
};

}  // namespace spur
