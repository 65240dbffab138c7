// upgrade() and is_websocket_request(): the handshake's answer, built from
// the sans-IO checks of http/websocket.hpp.
#include "spur/realtime/upgrade.hpp"

#include <algorithm>
#include <boost/json/value.hpp>

#include "spur/core/access.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/services.hpp"
#include "spur/http/websocket_codec.hpp"
#include "spur/text/ascii.hpp"

namespace spur {
namespace {

// The first of `ours` (preferred first) that the client offers; tokens are
// compared exactly, as RFC 6455 §4.2.2 leaves them to the application.
std::optional<std::string_view> choose_protocol(const Request& req,
                                                const std::vector<std::string>& ours) {
  if (ours.empty()) return std::nullopt;
  const std::vector<std::string_view> offered =
      http::ws::offered_protocols(detail::RequestAccess::head(req));
  for (const std::string& p : ours)
    if (std::find(offered.begin(), offered.end(), p) != offered.end()) return p;
  return std::nullopt;
}

// Origin's host[:port] after its scheme, compared with Host: the page that
// opens the socket was served by this very host.
bool same_origin(std::string_view origin, std::string_view host) {
  const std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  return text::iequals(origin.substr(scheme_end + 3), host);
}

bool origin_allowed(const Request& req, const WebSocketOptions& options) {
  const std::optional<std::string_view> origin = req.header("origin");
  if (!origin) return true;  // not a browser: nothing to hijack
  const auto listed = [&](std::span<const std::string> list) {
    return std::find(list.begin(), list.end(), *origin) != list.end();
  };
  if (!options.allowed_origins.empty())
    return listed(options.allowed_origins) ||
           std::find(options.allowed_origins.begin(), options.allowed_origins.end(), "*") !=
               options.allowed_origins.end();
  if (same_origin(*origin, req.header("host").value_or(""))) return true;
  const detail::Services* services = detail::RequestAccess::services(req);
  return services && listed(services->trusted_origins);
}

}  // namespace

bool is_websocket_request(const Request& req) noexcept {
  return http::ws::asks_for_websocket(detail::RequestAccess::head(req));
}

Response upgrade(const Request& req, WebSocketBody body, const WebSocketOptions& options) {
  const http::ws::HandshakeCheck check = http::ws::check_upgrade(detail::RequestAccess::head(req));
  if (!check.ok) {
    Response r = Response::json(boost::json::value{{"error", check.error}}, check.status);
    if (check.status == 426)
      r.set_header("Sec-WebSocket-Version", "13").set_header("Upgrade", "websocket");
    return r;
  }
  if (!origin_allowed(req, options))
    return Response::json(boost::json::value{{"error", "Forbidden: Origin not allowed"}}, 403);
  Response r(101);
  r.set_header("Upgrade", "websocket")
      .set_header("Connection", "Upgrade")
      .set_header("Sec-WebSocket-Accept", http::ws::accept_key(*req.header("sec-websocket-key")));
  if (std::optional<std::string_view> p = choose_protocol(req, options.protocols))
    r.set_header("Sec-WebSocket-Protocol", *p);
  detail::ResponseAccess::set_upgrade(r, std::make_shared<const detail::WebSocketUpgrade>(
                                             detail::WebSocketUpgrade{std::move(body), options}));
  return r;
}

}  // namespace spur
