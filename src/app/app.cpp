#include "spur/app/app.hpp"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <optional>
#include <stdexcept>

#include "dispatch.hpp"
#include "middleware_matcher.hpp"
#include "path_policy.hpp"
#include "spur/builtins/builtins.hpp"
#include "spur/core/access.hpp"
#include "spur/core/cookie_signing.hpp"
#include "spur/core/error_boundary.hpp"
#include "spur/core/log.hpp"
#include "spur/core/services.hpp"
#include "spur/router/matcher.hpp"
#include "spur/router/route_pattern.hpp"
#include "spur/router/route_table.hpp"
#include "spur/static/static_files.hpp"

namespace spur {
namespace {

using detail::RequestAccess;

router::Matcher build_matcher(std::span<const std::string_view> files) {
  std::vector<router::RouteEntry> entries;
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto result = router::route_pattern_from_file(files[i]);
    if (auto* pattern = std::get_if<router::RoutePattern>(&result))
      entries.push_back({*pattern, std::string(files[i]), i});
    else if (auto* error = std::get_if<router::PatternError>(&result))
      errors.push_back(error->message);
    else
      errors.push_back(std::string(files[i]) + ": not a route file");
  }
  router::RouteTableResult table = router::build_route_table(std::move(entries));
  errors.insert(errors.end(), table.errors.begin(), table.errors.end());
  if (!errors.empty()) {
    std::string message;
    for (const std::string& e : errors) message += (message.empty() ? "" : "\n") + e;
    throw RouteTableError(message);
  }
  return router::Matcher(std::move(table.table));
}

// The app's cookie secrets: its own, else SPUR_COOKIE_SECRET's, read once here
// so that a malformed one stops the app at start-up instead of failing
// requests. Empty (and signing then refused) when neither is set.
std::vector<std::string> cookie_secrets_of(const AppConfig& config) {
  if (!config.cookie_secrets.empty()) {
    for (const std::string& s : config.cookie_secrets)
      if (s.size() < detail::min_cookie_secret_chars)
        throw std::invalid_argument("AppConfig::cookie_secrets: each needs at least 32 characters");
    return config.cookie_secrets;
  }
  const char* env = std::getenv("SPUR_COOKIE_SECRET");
  if (!env) return {};
  try {
    return detail::parse_cookie_secrets(env);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(e.what());
  }
}

// The built-ins `config` names, in the order builtins.hpp documents.
std::vector<Middleware> builtins_of(const AppConfig& config) {
  std::vector<Middleware> chain;
  if (config.request_id) chain.push_back(builtins::request_id());
  if (config.access_log != AccessLog::off) chain.push_back(builtins::access_log(config.access_log));
  if (config.compression) chain.push_back(builtins::compression(*config.compression));
  if (config.security_headers)
    chain.push_back(builtins::security_headers(*config.security_headers));
  if (config.cors) chain.push_back(builtins::cors(*config.cors));
  if (config.rate_limit) chain.push_back(builtins::rate_limit(*config.rate_limit));
  return chain;
}

// Next.js answers `/a/` and `/a//b` with a 308 to the normalised path whose
// body is the location itself, plus a Refresh header for old clients.
Response permanent_redirect(std::string location) {
  Response r(308);
  r.set_header("Location", location).set_header("Refresh", "0;url=" + location);
  r.body(std::move(location));
  return r;
}

}  // namespace

struct App::Impl {
  Impl(std::vector<RouteModule> route_modules, const AppOptions& options)
      : modules(std::move(route_modules)),
        matcher(build_matcher(files())),
        config(options.config),
        log(config.log),
        public_files(options.public_dir),
        path_policy{config.base_path, config.trailing_slash},
        cookie_secrets(cookie_secrets_of(config)),
        builtins(builtins_of(config)) {
    for (const RouteModule& m : modules) {
      const auto* table = std::get_if<MethodTable>(&m.route);
      allow.push_back(table ? allow_header(*table) : std::string());
      any_streamed_route = any_streamed_route || (table && table->config.stream_body);
    }
    if (options.middleware) {
      middleware = options.middleware->run;
      middleware_matcher.emplace(options.middleware->config.matcher);
    }
    services.log = &log;
    services.errors = &config.errors;
    services.dev = options.dev;
    services.cookie_secrets = cookie_secrets;
    services.cookie_secrets_missing = detail::cookie_secrets_missing;
    if (config.cors) {  // "*" is not a list of trusted pages
      for (const std::string& o : config.cors->origins)
        if (o != "*") trusted_origins.push_back(o);
    }
    services.trusted_origins = trusted_origins;
    services.cookie_unbound_signatures = config.accept_unbound_cookie_signatures
                                             ? detail::UnboundSignatures::accept
                                             : detail::UnboundSignatures::refuse;
  }

  std::vector<std::string_view> files() const {
    std::vector<std::string_view> out;
    for (const RouteModule& m : modules) out.push_back(m.file);
    return out;
  }

  std::vector<RouteModule> modules;
  std::vector<std::string> allow;  // per module: its Allow value, computed once
  router::Matcher matcher;
  AppConfig config;
  mutable Logger log;
  detail::StaticFiles public_files;
  detail::PathPolicy path_policy;
  std::vector<std::string> cookie_secrets;
  std::vector<std::string> trusted_origins;
  detail::Services services;
  std::vector<Middleware> builtins;
  Middleware middleware;  // middleware.cpp, or empty
  std::optional<detail::MiddlewareMatcher> middleware_matcher;
  bool any_streamed_route = false;

  // The whole pipeline. Without built-ins, straight to respond(): no frame more.
  Async<Response> handle(Request& req) const {
    RequestAccess::set_services(req, &services);
    if (builtins.empty()) return respond(req);
    return run_builtins(req);
  }

  // The built-ins around respond(), inside the error boundary for their own
  // failures (a handler's are answered within respond()).
  Async<Response> run_builtins(Request& req) const {
    std::exception_ptr failure;
    try {
      co_return co_await run_builtin(0, req);
    } catch (...) {
      failure = std::current_exception();
    }
    co_return detail::answer_exception(failure, req);
  }

  Async<Response> run_builtin(std::size_t i, Request& req) const {
    if (i == builtins.size()) return respond(req);
    return step_builtin(i, req);
  }

  Async<Response> step_builtin(std::size_t i, Request& req) const {
    auto rest = [this, i, &req] { return run_builtin(i + 1, req); };
    co_return co_await builtins[i](req, detail::NextAccess::to(rest));
  }

  // The path policy, then middleware.cpp for the paths it matches, then the
  // route: the app's own answer, with every failure made an answer here.
  Async<Response> respond(Request& req) const {
    detail::ResolvedPath where = detail::resolve_path(RequestAccess::head(req), path_policy);
    switch (where.kind) {
      case detail::ResolvedPath::Kind::bad_request:
        co_return detail::error_response(req, 400, "Bad Request");
      case detail::ResolvedPath::Kind::not_found:
        co_return detail::error_response(req, 404, "Not Found");
      case detail::ResolvedPath::Kind::redirect:
        co_return permanent_redirect(std::move(where.path));
      case detail::ResolvedPath::Kind::route:
        if (!where.path.empty()) RequestAccess::set_path(req, std::move(where.path));
        break;
    }
    std::exception_ptr failure;
    try {
      std::optional<Response> response;
      if (middleware && middleware_matcher->matches(req))
        response.emplace(co_await run_middleware(req));
      else
        response.emplace(co_await dispatch(req));
      detail::ResponseAccess::sign_cookies(*response, services.cookie_secrets,
                                           services.cookie_secrets_missing);
      // A header the fields refused (a bad name, a control character): an
      // error page in development, a log line and the answer without it in
      // production.
      if (const std::string& why = response->headers().refused(); !why.empty()) {
        if (services.dev) throw std::invalid_argument(why);
        req.log().warn(why);
      }
      co_return std::move(*response);
    } catch (...) {
      failure = std::current_exception();
    }
    co_return detail::answer_exception(failure, req);
  }

  Async<Response> run_middleware(Request& req) const {
    RequestAccess::set_route(req, "middleware.cpp");  // for the log, should it fail
    auto route = [this, &req] { return dispatch(req); };
    Response response = co_await middleware(req, detail::NextAccess::to(route));
    co_return response;
  }

  // The route for the path, else a file of public/, else 404.
  Async<Response> dispatch(Request& req) const {
    router::MatchResult match = matcher.match(req.path());
    if (match.status == router::MatchStatus::not_found) {
      // A route takes precedence over a public file at the same path.
      if (std::optional<Response> file = detail::serve_static(public_files, req))
        co_return std::move(*file);
      co_return detail::error_response(req, 404, "Not Found");
    }
    if (match.status == router::MatchStatus::bad_request)
      co_return detail::error_response(req, 400, "Bad Request");
    const RouteModule& module = modules[match.route];
    RequestAccess::set_route(req, module.file);
    // Inside the route's own boundary, so that a failure is logged with its
    // file and the answer still passes through middleware.cpp.
    std::exception_ptr failure;
    try {
      co_return co_await detail::answer_route(module, allow[match.route], req, match.params);
    } catch (...) {
      failure = std::current_exception();
    }
    co_return detail::answer_exception(failure, req);
  }

  // The body policy: a streamed body's limit for a route declared with
  // stream_body, found by the same path policy as routing (a middleware
  // rewrite is not known yet), or nullopt to read the body whole.
  std::optional<std::uint64_t> streamed_body_limit(const http::RequestHead& head) const {
    if (!any_streamed_route) return std::nullopt;
    const detail::ResolvedPath where = detail::resolve_path(head, path_policy);
    if (where.kind != detail::ResolvedPath::Kind::route) return std::nullopt;
    const router::MatchResult match = matcher.match(where.path.empty() ? head.path : where.path);
    if (!match.matched()) return std::nullopt;
    const auto* table = std::get_if<MethodTable>(&modules[match.route].route);
    if (!table || !table->config.stream_body) return std::nullopt;
    return table->config.body_size_limit;
  }
};

App::App(std::span<const RouteModuleEntry> routes, const AppOptions& options) {
  std::vector<RouteModule> modules;
  modules.reserve(routes.size());
  for (const RouteModuleEntry& r : routes) {
    modules.push_back(r.make());
    modules.back().file = r.file;
  }
  impl_ = std::make_unique<Impl>(std::move(modules), options);
}

App::App(std::vector<RouteModule> modules, const AppOptions& options)
    : impl_(std::make_unique<Impl>(std::move(modules), options)) {}

App::~App() = default;
App::App(App&&) noexcept = default;
App& App::operator=(App&&) noexcept = default;

Async<Response> App::handle(Request& request) const { return impl_->handle(request); }

Handler App::handler() const {
  const Impl* impl = impl_.get();
  return [impl](Request& r) { return impl->handle(r); };
}

http::RequestReader::BodyPolicy App::body_policy() const {
  const Impl* impl = impl_.get();
  return [impl](const http::RequestHead& head) { return impl->streamed_body_limit(head); };
}

std::vector<RouteInfo> App::routes() const {
  std::vector<RouteInfo> out;
  for (const router::RouteEntry& e : impl_->matcher.table().entries()) {
    const RouteModule& m = impl_->modules[e.id];
    out.push_back({e.pattern.display(), e.file,
                   std::holds_alternative<AnyMethod>(m.route) ? "*" : impl_->allow[e.id]});
  }
  return out;
}

Logger& App::log() const noexcept { return impl_->log; }

}  // namespace spur
