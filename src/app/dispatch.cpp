#include "dispatch.hpp"

#include "spur/core/access.hpp"
#include "spur/core/error_boundary.hpp"
#include "spur/core/large_body.hpp"
#include "spur/http/websocket_codec.hpp"

namespace spur {

std::string allow_header(const MethodTable& table) {
  std::string allow;
  for (const http::Method m : exported_methods) {
    const bool answered = table.find(m) || m == http::Method::options ||
                          (m == http::Method::head && table.find(http::Method::get)) ||
                          (m == http::Method::get && table.socket);  // SOCKET answers a GET
    if (!answered) continue;
    if (!allow.empty()) allow += ", ";
    allow += http::to_string(m);
  }
  return allow;
}

namespace detail {
namespace {

Async<Response> ready(Response response) { co_return response; }

// A large JSON or form body is parsed on the pool first, so that the
// handler's req.json() does not stall the worker's other connections.
Async<Response> parse_then_answer(const Endpoint& endpoint, Request& request,
                                  const Params& params) {
  co_await parse_off_loop(request);
  co_return co_await endpoint(request, params);
}

Async<Response> answer_methods(const MethodTable& table, std::string_view allow, Request& request,
                               const Params& params) {
  const http::Method method = request.method_kind();
  if (table.socket && method == http::Method::get) {
    if (http::ws::asks_for_websocket(RequestAccess::head(request)))
      return table.socket(request, params);
    if (!table.find(http::Method::get))
      return ready(error_response(request, 426, "Upgrade Required: this route speaks WebSocket")
                       .set_header("Upgrade", "websocket"));
  }
  const Endpoint* endpoint = table.find(method);
  if (!endpoint && method == http::Method::head)
    endpoint = table.find(http::Method::get);  // the server drops the body
  if (!endpoint && method == http::Method::options)
    return ready(Response(204).set_header("Allow", allow));
  if (!endpoint)
    return ready(error_response(request, 405, "Method Not Allowed").set_header("Allow", allow));
  const RouteConfig& config = table.config;
  if (config.body_size_limit && !config.stream_body &&
      request.text().size() > config.body_size_limit)
    return ready(error_response(request, 413, "Request body too large"));
  if (parses_off_loop(request)) return parse_then_answer(*endpoint, request, params);
  return (*endpoint)(request, params);
}

}  // namespace

Async<Response> answer_route(const RouteModule& module, std::string_view allow, Request& request,
                             const Params& params) {
  if (const auto* any = std::get_if<AnyMethod>(&module.route)) return any->handler(request, params);
  return answer_methods(std::get<MethodTable>(module.route), allow, request, params);
}

}  // namespace detail
}  // namespace spur
