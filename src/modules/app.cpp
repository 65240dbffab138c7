#include "spur/modules/app.hpp"

#include <algorithm>

#include "router/matcher.hpp"
#include "router/route_pattern.hpp"
#include "router/route_table.hpp"
#include "runtime/error_body.hpp"
#include "runtime/error_response.hpp"
#include "runtime/static_files.hpp"
#include "runtime/url.hpp"

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
    bool answered = module.methods[i] != nullptr || m == AppMethod::OPTIONS ||
                    (m == AppMethod::HEAD && module.method(AppMethod::GET));
    if (!answered) continue;
    if (!allow.empty()) allow += ", ";
    allow += app_method_names[i];
  }
  return allow;
}

namespace {

Response json_error(int status, std::string_view message) {
  return Response::json_text(detail::error_body(message), status);
}

// Next.js answers `/a/` and `/a//b` with a 308 to the normalised path whose
// body is the location itself, plus a Refresh header for old clients.
Response permanent_redirect(std::string location) {
  Response r(308);
  r.header("Location", location).header("Refresh", "0;url=" + location);
  r.body(std::move(location));
  return r;
}

Task<Response> answer_app(const RouteModule& module, Request& req, const Params& params) {
  const std::optional<AppMethod> method = app_method_for(req.method_kind());
  AppHandler handler = method ? module.method(*method) : nullptr;
  if (!handler && method == AppMethod::HEAD)
    handler = module.method(AppMethod::GET);  // body dropped by the server
  if (!handler && method == AppMethod::OPTIONS) {
    Response r(204);
    r.header("Allow", allow_header(module));
    co_return r;
  }
  if (!handler)
    co_return json_error(405, "Method Not Allowed").header("Allow", allow_header(module));
  co_return co_await handler(req, params);
}

}  // namespace

struct App::Impl {
  Impl(router::Matcher m, const AppOptions& options)
      : matcher(std::move(m)), public_files(options.public_dir), dev(options.dev) {}

  std::vector<RouteModule> modules;
  router::Matcher matcher;
  detail::StaticFiles public_files;
  bool dev;

  Task<Response> handle(Request& req) const {
    const http::RequestHead& head = req.head();
    if (head.target_form != http::TargetForm::origin &&
        head.target_form != http::TargetForm::absolute)
      co_return json_error(400, "Bad Request");
    detail::NormalizedPath normalized = detail::normalize_path(head.path);
    using Verdict = detail::NormalizedPath::Verdict;
    if (normalized.verdict == Verdict::bad_request) co_return json_error(400, "Bad Request");
    if (normalized.verdict == Verdict::redirect) {
      std::string location = std::move(normalized.path);
      if (!head.query.empty() || head.target.find('?') != std::string_view::npos) {
        location += '?';
        location += head.query;
      }
      co_return permanent_redirect(std::move(location));
    }
    if (!normalized.path.empty()) req.set_normalized_path(std::move(normalized.path));

    router::MatchResult match = matcher.match(req.path());
    if (match.status == router::MatchStatus::not_found) {
      // A route takes precedence over a public file at the same path.
      if (std::optional<Response> file = detail::serve_static(public_files, req))
        co_return std::move(*file);
      co_return json_error(404, "Not Found");
    }
    if (match.status == router::MatchStatus::bad_request) co_return json_error(400, "Bad Request");
    const RouteModule& module = modules[match.route];
    // The boundary for the route's exceptions, so the log names its file.
    try {
      if (module.kind == RouteModule::Kind::pages)
        co_return co_await run_pages_route(module.pages, req, match.params, module.api_config);
      if (module.config.body_size_limit && req.text().size() > module.config.body_size_limit)
        co_return json_error(413, "Request body too large");
      co_return co_await answer_app(module, req, match.params);
    } catch (...) {
      co_return detail::response_for_exception(std::current_exception(), req, module.file, dev);
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
}

App::App(std::span<const RouteModule> modules, const AppOptions& options) {
  std::vector<RouteModuleEntry> entries;
  entries.reserve(modules.size());
  for (const RouteModule& m : modules) entries.push_back({m.file, nullptr});
  impl_ = std::make_unique<Impl>(build_matcher(entries), options);
  impl_->modules.assign(modules.begin(), modules.end());
}

App::~App() = default;
App::App(App&&) noexcept = default;
App& App::operator=(App&&) noexcept = default;

Task<Response> App::handle(Request& request) const { return impl_->handle(request); }

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
