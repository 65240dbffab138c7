#pragma once
// An app: route modules behind a compiled router, and the one path every
// request takes above the connection (docs/internals.md):
//   1. the built-ins of AppConfig, a chain of middleware composed once
//      (request id, access log, compression, security headers, CORS, rate limit);
//   2. the path policy: base path, Next.js's trailing-slash and `//`
//      redirects, normalisation (the same function decides which bodies stream);
//   3. the app's middleware.cpp, for the paths its matchers select;
//   4. dispatch: the route (automatic HEAD, OPTIONS and 405; per-route body
//      limits), else a file of public/, else 404;
// all inside one error boundary, so handle() never throws. The socket server,
// the in-process test client and any other adapter share it.
//   spur::App app(spur_app_routes(), spur_app_options());   // the generated table's
//   spur::Server(app.handler(), options).run();
#include <cstdint>
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
#include "spur/core/log.hpp"
#include "spur/http/request_reader.hpp"

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
  // RouteTableError listing every clash or bad file name, and
  // std::invalid_argument for settings that cannot work (a malformed
  // middleware matcher, a cookie secret shorter than 32 characters).
  explicit App(std::span<const RouteModuleEntry> routes, const AppOptions& options = {});
  // From modules already made (each one's `file` names its route file), e.g.
  // loaded from shared objects by `spur dev`'s host.
  explicit App(std::vector<RouteModule> modules, const AppOptions& options = {});
  ~App();
  App(App&&) noexcept;
  App& operator=(App&&) noexcept;

  // The answer to `request`; never throws (every error is an answer).
  Async<Response> handle(Request& request) const;
  // A Handler for spur::Server; the App must outlive it.
  Handler handler() const;
  // ServerOptions::body_policy: which requests' bodies stream to their route
  // (RouteConfig::stream_body), decided by the same path policy as routing.
  // The App must outlive it.
  http::RequestReader::BodyPolicy body_policy() const;

  // The route table in matching precedence, for `spur routes` and start-up logs.
  std::vector<RouteInfo> routes() const;
  // The app's logger (AppConfig::log).
  Logger& log() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spur

// Defined by the generated table of an app built with spur_add_app() (linked
// from <target>_routes): its route modules, and its public/ folder, settings
// (spur.config.cpp) and middleware (middleware.cpp) as AppOptions.
std::span<const spur::RouteModuleEntry> spur_app_routes();
spur::AppOptions spur_app_options();
