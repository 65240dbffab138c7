#pragma once
// An app: route modules behind a compiled router. `handle()` is the whole
// request pipeline above the connection — base path, path normalisation
// (Next.js's trailing-slash and `//` redirects), the built-ins of AppConfig
// (request id, CORS, rate limit, security headers, compression, access log),
// the middleware, matching, automatic HEAD/OPTIONS/405, per-route body
// limits, then the files of public/ for a path no route matches — so the
// socket server, the in-process test client and any other adapter share it.
//   spur::App app(spur_app_routes(), spur_app_options());   // the generated table's
//   spur::Server(app.handler(), options).run();
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "spur/app/middleware_module.hpp"
#include "spur/app/route_module.hpp"
#include "spur/config.hpp"
#include "spur/core/handler.hpp"

namespace spur {

// Two route files for one URL pattern, or a malformed route file name; the
// message names the files.
class RouteTableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RouteInfo {
  std::string pattern;  // e.g. "/api/posts/[id]"
  std::string file;     // e.g. "app/api/posts/[id]/route.cpp"
  std::string methods;  // e.g. "GET, HEAD, OPTIONS, PUT", or "*" for a Pages handler
};

struct AppOptions {
  // A folder whose files are served as-is at the URL of their path, like
  // Next.js's public/ (docs/static-files.md); routes take precedence. Empty,
  // or not a folder when the App is built: no static files.
  std::string public_dir;
  // Development (`spur dev`): a handler's unexpected exception answers 500
  // with its message and route file (an HTML page for a browser). Off in
  // production, where internal messages never reach the client.
  bool dev = false;
  // The app's settings (spur.config.cpp) and middleware (middleware.cpp;
  // null: none). The middleware must outlive the App.
  AppConfig config;
  const MiddlewareModule* middleware = nullptr;
};

class App final {
 public:
  // Builds the route table from the modules' file paths. Throws
  // RouteTableError listing every clash or bad file name.
  explicit App(std::span<const RouteModuleEntry> routes, const AppOptions& options = {});
  // From modules already made (each one's `file` names its route file), e.g.
  // loaded from shared objects by `spur dev`'s host.
  explicit App(std::span<const RouteModule> modules, const AppOptions& options = {});
  ~App();
  App(App&&) noexcept;
  App& operator=(App&&) noexcept;

  Task<Response> handle(Request& request) const;
  // A Handler for spur::Server; the App must outlive it.
  Handler handler() const;
  // ServerOptions::stream_body: which requests' bodies stream to their route
  // (RouteConfig::stream_body). The App must outlive it.
  using BodyPolicy = std::function<std::optional<std::uint64_t>(const http::RequestHead&)>;
  BodyPolicy body_policy() const;

  // The route table in matching precedence, for `spur routes` and start-up logs.
  std::vector<RouteInfo> routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The methods an App Router module answers, as an Allow header value:
// sorted, with HEAD when GET is exported and OPTIONS always.
std::string allow_header(const RouteModule& module);

}  // namespace spur

// Defined by the generated table of an app built with spur_add_app() (linked
// from <target>_routes): its route modules, and its public/ folder, settings
// (spur.config.cpp) and middleware (middleware.cpp) as AppOptions.
std::span<const spur::RouteModuleEntry> spur_app_routes();
spur::AppOptions spur_app_options();
