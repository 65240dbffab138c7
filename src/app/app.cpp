#include "spur/app/app.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "middleware_matcher.hpp"
#include "normalize_path.hpp"
#include "spur/builtins/access_log.hpp"
#include "spur/builtins/compression.hpp"
#include "spur/builtins/cors.hpp"
#include "spur/builtins/rate_limiter.hpp"
#include "spur/builtins/request_id.hpp"
#include "spur/builtins/security_headers.hpp"
#include "spur/core/error_body.hpp"
#include "spur/core/error_response.hpp"
#include "spur/router/matcher.hpp"
#include "spur/router/route_pattern.hpp"
#include "spur/router/route_table.hpp"
#include "spur/static/static_files.hpp"

namespace spur {

std::optional<AppMethod> app_method_for(http::Method m) noexcept {
  switch (m) {
    case http::Method::get: return AppMethod::GET;
    case http::Method::head: return AppMethod::HEAD;
    case http::Method::post: return AppMethod::POST;
    case http::Method::put: return AppMethod::PUT;
    case http::Method::patch: return AppMethod::PATCH;
    case http::Method::delete_: return AppMethod::DELETE_;
    case http::Method::options: return AppMethod::OPTIONS;
    default: return std::nullopt;
  }
}

std::string allow_header(const RouteModule& module) {
  std::string allow;
  for (std::size_t i = 0; i < app_method_count; ++i) {
    auto m = static_cast<AppMethod>(i);
    const bool get = module.method(AppMethod::GET) || module.socket;  // SOCKET answers a GET
    bool answered = module.methods[i] != nullptr || m == AppMethod::OPTIONS ||
                    (m == AppMethod::HEAD && module.method(AppMethod::GET)) ||
                    (m == AppMethod::GET && get);
    if (!answered) continue;
    if (!allow.empty()) allow += ", ";
    allow += app_method_names[i];
  }
  return allow;
}

namespace {

// Next.js answers `/a/` and `/a//b` with a 308 to the normalised path whose
// body is the location itself, plus a Refresh header for old clients.
Response permanent_redirect(std::string location) {
  Response r(308);
  r.header("Location", location).header("Refresh", "0;url=" + location);
  r.body(std::move(location));
  return r;
}

template <typename Impl>
Task<Response> answer_app(const RouteModule& module, Request& req, const Params& params,
                          const Impl& app, std::string_view request_id) {
  const std::optional<AppMethod> method = app_method_for(req.method_kind());
  if (module.socket && method == AppMethod::GET) {
    if (is_websocket_request(req)) {
      // The params are copied: the match is gone once this returns, the socket is not.
      WebSocketBody body = [socket = module.socket, &req, params](WebSocket& ws) {
        return socket(ws, req, params);
      };
      co_return upgrade(req, std::move(body), module.config.websocket);
    }
    if (!module.method(AppMethod::GET)) {
      Response r = app.error(426, "Upgrade Required: this route speaks WebSocket", request_id);
      r.header("Upgrade", "websocket");
      co_return r;
    }
  }
  AppHandler handler = method ? module.method(*method) : nullptr;
  if (!handler && method == AppMethod::HEAD)
    handler = module.method(AppMethod::GET);  // body dropped by the server
  if (!handler && method == AppMethod::OPTIONS) {
    Response r(204);
    r.header("Allow", allow_header(module));
    co_return r;
  }
  if (!handler)
    co_return app.error(405, "Method Not Allowed", request_id)
        .header("Allow", allow_header(module));
  co_return co_await handler(req, params);
}

}  // namespace

struct App::Impl {
  Impl(router::Matcher m, const AppOptions& options)
      : matcher(std::move(m)),
        public_files(options.public_dir),
        dev(options.dev),
        config(options.config),
        middleware(options.middleware) {
    if (middleware) middleware_matcher.emplace(middleware->config.matcher);
    if (config.rate_limit) rate_limiter.emplace(*config.rate_limit);
    builtins = config.request_id || config.access_log != AccessLog::off || config.cors ||
               config.compression || config.rate_limit || config.security_headers;
  }

  std::vector<RouteModule> modules;
  router::Matcher matcher;

  void note_streamed_routes() {
    any_streamed_route = std::any_of(modules.begin(), modules.end(),
                                     [](const RouteModule& m) { return m.config.stream_body; });
  }
  detail::StaticFiles public_files;
  bool dev;
  AppConfig config;
  const MiddlewareModule* middleware;
  std::optional<detail::MiddlewareMatcher> middleware_matcher;
  mutable std::optional<detail::RateLimiter> rate_limiter;
  bool builtins = false;
  bool any_streamed_route = false;

  detail::ErrorContext errors(std::string_view request_id, std::string_view file = {}) const {
    return {.route_file = file, .dev = dev, .format = &config.errors, .request_id = request_id};
  }
  Response error(int status, std::string_view message, std::string_view request_id) const {
    return detail::error_response(status, message, errors(request_id));
  }

  // The entry point: without built-ins, straight to routing (no extra frame).
  Task<Response> handle(Request& req) const {
    if (!builtins) return route(req, {});
    return handle_with_builtins(req);
  }

  Task<Response> handle_with_builtins(Request& req) const {
    const auto started = std::chrono::steady_clock::now();
    std::string request_id;
    if (config.request_id) {
      request_id = detail::request_id_for(req.header("x-request-id").value_or(""));
      req.set_header("x-request-id", request_id);
    }
    std::optional<detail::RateLimiter::Decision> limit;
    // An answer before routing (a preflight, a 429), or none.
    std::optional<Response> early = [&]() -> std::optional<Response> {
      if (config.cors)
        if (std::optional<Response> preflight = detail::cors_preflight(*config.cors, req))
          return preflight;
      if (rate_limiter) {
        limit = rate_limiter->take(rate_limit_key(req), detail::RateLimiter::Clock::now());
        if (!limit->allowed) {
          Response r = error(429, "Too Many Requests", request_id);
          r.header("Retry-After", std::to_string(limit->retry_after.count()));
          return r;
        }
      }
      return std::nullopt;
    }();
    if (!early) early.emplace(co_await route(req, request_id));
    Response& response = *early;  // what answered, finished below
    if (limit) {
      response.set_header("RateLimit-Limit",
                          std::to_string(static_cast<long long>(config.rate_limit->requests)));
      response.set_header("RateLimit-Remaining",
                          std::to_string(static_cast<long long>(limit->remaining)));
      response.set_header("RateLimit-Reset", std::to_string(limit->reset.count()));
    }
    if (config.cors) detail::add_cors_headers(*config.cors, req, response);
    if (config.security_headers) detail::add_security_headers(*config.security_headers, response);
    if (!request_id.empty()) response.set_header("X-Request-Id", request_id);
    if (config.compression)
      detail::compress_response(response, req.header("accept-encoding").value_or(""),
                                *config.compression);
    if (config.access_log != AccessLog::off)
      detail::write_access_log(
          config.access_log,
          {req, response, std::chrono::steady_clock::now() - started, request_id});
    co_return std::move(response);
  }

  std::string rate_limit_key(const Request& req) const {
    if (!config.rate_limit->key_header.empty())
      if (auto key = req.header(config.rate_limit->key_header); key && !key->empty())
        return "k:" + std::string(*key);
    return "a:" + std::string(req.client_address());
  }

  // Base path, normalisation, middleware, then the route or a public file.
  Task<Response> route(Request& req, std::string_view request_id) const {
    const http::RequestHead& head = req.head();
    if (head.target_form != http::TargetForm::origin &&
        head.target_form != http::TargetForm::absolute)
      co_return error(400, "Bad Request", request_id);
    const std::optional<std::string_view> in_app = without_base_path(head.path);
    if (!in_app) co_return error(404, "Not Found", request_id);
    std::string_view raw = *in_app;
    const std::string& base = config.base_path;
    // The trailing-slash policy: `remove` is normalize_path's own redirect.
    bool had_slash = false;
    if (config.trailing_slash != TrailingSlash::remove && raw.size() > 1 && raw.back() == '/') {
      raw.remove_suffix(1);
      had_slash = true;
    }
    detail::NormalizedPath normalized = detail::normalize_path(raw.empty() ? "/" : raw);
    using Verdict = detail::NormalizedPath::Verdict;
    if (normalized.verdict == Verdict::bad_request) co_return error(400, "Bad Request", request_id);
    std::string path =
        normalized.path.empty() ? std::string(raw.empty() ? "/" : raw) : std::move(normalized.path);
    bool redirect = normalized.verdict == Verdict::redirect;
    if (config.trailing_slash == TrailingSlash::add && path != "/") {
      const std::string_view last = std::string_view(path).substr(path.rfind('/') + 1);
      // Files keep their name: /logo.png is not a folder.
      if (last.find('.') == std::string_view::npos) {
        redirect = redirect || !had_slash;
        if (redirect) path += '/';
      }
    }
    if (redirect) {
      std::string location = base + path;
      if (!head.query.empty() || head.target.find('?') != std::string_view::npos) {
        location += '?';
        location += head.query;
      }
      co_return permanent_redirect(std::move(location));
    }
    if (!base.empty() || path != head.path) {
      // Routing sees the path without the trailing slash `add` keeps.
      if (config.trailing_slash == TrailingSlash::add && path.size() > 1 && path.back() == '/')
        path.pop_back();
      req.set_normalized_path(std::move(path));
    }

    if (middleware && middleware_matcher->matches(req)) {
      std::optional<MiddlewareResult> result;
      try {
        result.emplace(co_await middleware->run(req));
      } catch (...) {
        co_return detail::response_for_exception(std::current_exception(), req,
                                                 errors(request_id, "middleware.cpp"));
      }
      switch (result->kind()) {
        case MiddlewareResult::Kind::respond: co_return std::move(result->response());
        case MiddlewareResult::Kind::redirect: {
          Response r(result->status());
          r.header("Location", result->url());
          copy_header_lines(result->response(), r);
          co_return r;
        }
        case MiddlewareResult::Kind::rewrite: {
          const std::string& url = result->url();
          const std::size_t q = url.find('?');
          req.rewrite(url.substr(0, q), q == std::string::npos ? "" : url.substr(q + 1));
          break;
        }
        case MiddlewareResult::Kind::next: break;
      }
      for (const auto& [name, value] : result->request_headers()) req.set_header(name, value);
      Response response = co_await dispatch(req, request_id);
      copy_header_lines(result->response(), response);
      co_return response;
    }
    co_return co_await dispatch(req, request_id);
  }

  // `path` without the base path; nullopt when it lies outside it.
  std::optional<std::string_view> without_base_path(std::string_view path) const noexcept {
    const std::string& base = config.base_path;
    if (base.empty()) return path;
    if (!path.starts_with(base) || (path.size() > base.size() && path[base.size()] != '/'))
      return std::nullopt;
    return path.substr(base.size());
  }

  // The Server's body policy: a streamed body's limit for a route declared
  // with stream_body, found from the request's path as sent (a middleware
  // rewrite is not known yet), or nullopt to read the body whole.
  std::optional<std::uint64_t> streamed_body_limit(const http::RequestHead& head) const {
    if (!any_streamed_route) return std::nullopt;
    const std::optional<std::string_view> in_app = without_base_path(head.path);
    if (!in_app) return std::nullopt;
    std::string_view raw = *in_app;
    if (raw.size() > 1 && raw.back() == '/') raw.remove_suffix(1);
    detail::NormalizedPath normalized = detail::normalize_path(raw.empty() ? "/" : raw);
    const std::string_view path = normalized.path.empty() ? raw : std::string_view(normalized.path);
    router::MatchResult match = matcher.match(path);
    if (!match.matched()) return std::nullopt;
    const RouteModule& module = modules[match.route];
    if (module.kind != RouteModule::Kind::app || !module.config.stream_body) return std::nullopt;
    return module.config.body_size_limit;
  }

  // Adds every header line of `from` to `to` (middleware headers on the answer).
  static void copy_header_lines(const Response& from, Response& to) {
    for (std::string_view rest = from.header_lines(); !rest.empty();) {
      const std::size_t eol = rest.find("\r\n");
      const std::string_view line = rest.substr(0, eol);
      rest.remove_prefix(eol + 2);
      const std::size_t colon = line.find(':');
      to.header(line.substr(0, colon), line.substr(colon + 2));
    }
  }

  Task<Response> dispatch(Request& req, std::string_view request_id) const {
    router::MatchResult match = matcher.match(req.path());
    if (match.status == router::MatchStatus::not_found) {
      // A route takes precedence over a public file at the same path.
      if (std::optional<Response> file = detail::serve_static(public_files, req))
        co_return std::move(*file);
      co_return error(404, "Not Found", request_id);
    }
    if (match.status == router::MatchStatus::bad_request)
      co_return error(400, "Bad Request", request_id);
    const RouteModule& module = modules[match.route];
    // The boundary for the route's exceptions, so the log names its file.
    try {
      if (module.kind == RouteModule::Kind::pages)
        co_return co_await run_pages_route(module.pages, req, match.params, module.api_config);
      if (module.config.body_size_limit && !module.config.stream_body &&
          req.text().size() > module.config.body_size_limit)
        co_return error(413, "Request body too large", request_id);
      co_return co_await answer_app(module, req, match.params, *this, request_id);
    } catch (...) {
      co_return detail::response_for_exception(std::current_exception(), req,
                                               errors(request_id, module.file));
    }
  }
};

namespace {

router::Matcher build_matcher(std::span<const RouteModuleEntry> routes) {
  std::vector<router::RouteEntry> entries;
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    auto result = router::route_pattern_from_file(routes[i].file);
    if (auto* pattern = std::get_if<router::RoutePattern>(&result))
      entries.push_back({*pattern, std::string(routes[i].file), i});
    else if (auto* error = std::get_if<router::PatternError>(&result))
      errors.push_back(error->message);
    else
      errors.push_back(std::string(routes[i].file) + ": not a route file");
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

}  // namespace

App::App(std::span<const RouteModuleEntry> routes, const AppOptions& options)
    : impl_(std::make_unique<Impl>(build_matcher(routes), options)) {
  impl_->modules.reserve(routes.size());
  for (const RouteModuleEntry& r : routes) impl_->modules.push_back(r.make());
  impl_->note_streamed_routes();
}

App::App(std::span<const RouteModule> modules, const AppOptions& options) {
  std::vector<RouteModuleEntry> entries;
  entries.reserve(modules.size());
  for (const RouteModule& m : modules) entries.push_back({m.file, nullptr});
  impl_ = std::make_unique<Impl>(build_matcher(entries), options);
  impl_->modules.assign(modules.begin(), modules.end());
  impl_->note_streamed_routes();
}

App::~App() = default;
App::App(App&&) noexcept = default;
App& App::operator=(App&&) noexcept = default;

Task<Response> App::handle(Request& request) const { return impl_->handle(request); }

App::BodyPolicy App::body_policy() const {
  const Impl* impl = impl_.get();
  return [impl](const http::RequestHead& head) { return impl->streamed_body_limit(head); };
}

Handler App::handler() const {
  const Impl* impl = impl_.get();
  return [impl](Request& r) { return impl->handle(r); };
}

std::vector<RouteInfo> App::routes() const {
  std::vector<RouteInfo> out;
  for (const router::RouteEntry& e : impl_->matcher.table().entries()) {
    const RouteModule& m = impl_->modules[e.id];
    out.push_back(
        {e.pattern.display(), e.file, m.kind == RouteModule::Kind::pages ? "*" : allow_header(m)});
  }
  return out;
}

}  // namespace spur
