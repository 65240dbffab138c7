#pragma once
// A route module: what one route file defines, as the app sees it. A small
// value built once by the generated glue for that file: a method table for an
// App Router file, one handler for every method for a Pages Router file. All
// behaviour (HEAD from GET, OPTIONS, 405, body limits) lives in App, none in
// generated code.
#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "spur/core/async.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/route_config.hpp"
#include "spur/http/method.hpp"
#include "spur/router/params.hpp"

namespace spur {

// One handler of a route file: answers a matched request.
using Endpoint = std::function<Async<Response>(Request&, const Params&)>;

// The methods an App Router file may export, in Allow-header order.
inline constexpr std::array<http::Method, 7> exported_methods = {
    http::Method::delete_, http::Method::get,  http::Method::head, http::Method::options,
    http::Method::patch,   http::Method::post, http::Method::put};

// The slot of `m` in a MethodTable, or nullopt for a method no file exports.
constexpr std::optional<std::size_t> method_slot(http::Method m) noexcept {
  for (std::size_t i = 0; i < exported_methods.size(); ++i)
    if (exported_methods[i] == m) return i;
  return std::nullopt;
}

// An App Router file (`app/**/route.cpp`): its exported methods.
struct MethodTable {
  std::array<Endpoint, exported_methods.size()> methods;  // empty: not exported
  // SOCKET: answers a GET that asks for a WebSocket (the glue's upgrade()).
  Endpoint socket;
  RouteConfig config;

  const Endpoint* find(http::Method m) const noexcept {
    const std::optional<std::size_t> slot = method_slot(m);
    return slot && methods[*slot] ? &methods[*slot] : nullptr;
  }
  void set(http::Method m, Endpoint e) { methods[*method_slot(m)] = std::move(e); }
};

// A Pages Router file (`pages/api/**.cpp`): its `handler` answers every
// method, and applies its own ApiConfig.
struct AnyMethod {
  Endpoint handler;
};

struct RouteModule {
  std::string_view file;  // relative to the app root, e.g. "app/api/posts/[id]/route.cpp"
  std::variant<MethodTable, AnyMethod> route;
};

// The methods a method table answers, as an Allow header value: sorted, with
// HEAD when GET is exported (or SOCKET), and OPTIONS always.
std::string allow_header(const MethodTable& table);

// How the generated table of an app names its routes.
struct RouteModuleEntry {
  std::string_view file;
  RouteModule (*make)();
};

}  // namespace spur
