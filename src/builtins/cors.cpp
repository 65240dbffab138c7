#include "cors.hpp"

#include <algorithm>
#include <stdexcept>

#include "spur/builtins/builtins.hpp"
#include "spur/text/list.hpp"

namespace spur::detail {
namespace {

bool any_origin(const Cors& cors) {
  return std::find(cors.origins.begin(), cors.origins.end(), "*") != cors.origins.end();
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out.append(out.empty() ? "" : ", ").append(i);
  return out;
}

bool origin_allowed(const Cors& cors, std::string_view origin) {
  return any_origin(cors) ||
         std::find(cors.origins.begin(), cors.origins.end(), origin) != cors.origins.end();
}

// Appends `token` to the response's Vary list unless it is there already.
void vary(Response& response, std::string_view token) {
  std::string current(response.header("vary").value_or(""));
  if (current == "*") return;
  if (text::list_has_token(current, token)) return;
  response.set_header("Vary",
                      current.empty() ? std::string(token) : current + ", " + std::string(token));
}

// The Access-Control-Allow-Origin value: "*" only when any origin is allowed
// and no credentials are involved; otherwise the request's own origin.
void allow_origin(const Cors& cors, std::string_view origin, Response& response) {
  const bool wildcard = any_origin(cors) && !cors.credentials;
  response.set_header("Access-Control-Allow-Origin", wildcard ? std::string_view("*") : origin);
  if (cors.credentials) response.set_header("Access-Control-Allow-Credentials", "true");
  if (!wildcard) vary(response, "Origin");
}

}  // namespace

std::optional<Response> cors_preflight(const Cors& cors, const Request& request) {
  if (request.method_kind() != http::Method::options) return std::nullopt;
  const auto origin = request.header("origin");
  const auto method = request.header("access-control-request-method");
  if (!origin || !method) return std::nullopt;
  Response r(204);
  vary(r, "Origin");
  vary(r, "Access-Control-Request-Method");
  vary(r, "Access-Control-Request-Headers");
  if (!origin_allowed(cors, *origin)) return r;
  allow_origin(cors, *origin, r);
  r.set_header("Access-Control-Allow-Methods", join(cors.methods));
  if (!cors.allowed_headers.empty())
    r.set_header("Access-Control-Allow-Headers", join(cors.allowed_headers));
  else if (auto asked = request.header("access-control-request-headers"))
    r.set_header("Access-Control-Allow-Headers", *asked);
  if (cors.max_age) r.set_header("Access-Control-Max-Age", std::to_string(*cors.max_age));
  return r;
}

void add_cors_headers(const Cors& cors, const Request& request, Response& response) {
  const auto origin = request.header("origin");
  if (!any_origin(cors) || cors.credentials) vary(response, "Origin");
  if (!origin || !origin_allowed(cors, *origin)) return;
  allow_origin(cors, *origin, response);
  if (!cors.exposed_headers.empty())
    response.set_header("Access-Control-Expose-Headers", join(cors.exposed_headers));
}

}  // namespace spur::detail

namespace spur::builtins {

Middleware cors(Cors options) {
  // Browsers refuse "*" with credentials on purpose; echoing every origin
  // instead would let any site read answers made with the user's cookies.
  if (options.credentials && detail::any_origin(options))
    throw std::invalid_argument(
        "Cors: origins \"*\" with credentials = true would let every site read answers "
        "made with your users' cookies; list the origins, e.g. "
        "Cors{.origins = {\"https://app.example.com\"}, .credentials = true}");
  return [options = std::move(options)](Request& req, Next next) -> Async<Response> {
    if (std::optional<Response> preflight = detail::cors_preflight(options, req))
      co_return std::move(*preflight);
    Response response = co_await next();
    detail::add_cors_headers(options, req, response);
    co_return response;
  };
}

}  // namespace spur::builtins
