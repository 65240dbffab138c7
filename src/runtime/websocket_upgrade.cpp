// upgrade() and is_websocket_request(): the handshake's answer, built from
// the sans-IO checks of http/websocket.hpp.
#include <algorithm>
#include <boost/json/value.hpp>

#include "http/websocket.hpp"
#include "spur/runtime/request.hpp"
#include "spur/runtime/response.hpp"
#include "spur/runtime/websocket.hpp"

namespace spur {
namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The first of `ours` (preferred first) that the client offers; tokens are
// compared exactly, as RFC 6455 §4.2.2 leaves them to the application.
std::optional<std::string_view> choose_protocol(const Request& req,
                                                const std::vector<std::string>& ours) {
  std::vector<std::string_view> offered;
  for (const http::Header& h : req.headers()) {
    if (!http::iequals(h.name, "sec-websocket-protocol")) continue;
    for (std::string_view rest = h.value;;) {
      const std::size_t comma = rest.find(',');
      if (std::string_view t = trim(rest.substr(0, comma)); !t.empty()) offered.push_back(t);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  for (const std::string& p : ours)
    if (std::find(offered.begin(), offered.end(), p) != offered.end()) return p;
  return std::nullopt;
}

}  // namespace

bool is_websocket_request(const Request& req) noexcept {
  for (const http::Header& h : req.headers()) {
    if (!http::iequals(h.name, "upgrade")) continue;
    for (std::string_view rest = h.value;;) {
      const std::size_t comma = rest.find(',');
      if (http::iequals(trim(rest.substr(0, comma)), "websocket")) return true;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return false;
}

Response upgrade(const Request& req, WebSocketBody body, const WebSocketOptions& options) {
  const http::ws::HandshakeCheck check = http::ws::check_upgrade(req.head());
  if (!check.ok) {
    Response r = Response::json(boost::json::value{{"error", check.error}}, check.status);
    if (check.status == 426) r.header("Sec-WebSocket-Version", "13").header("Upgrade", "websocket");
    return r;
  }
  Response r(101);
  r.header("Upgrade", "websocket")
      .header("Connection", "Upgrade")
      .header("Sec-WebSocket-Accept", http::ws::accept_key(*req.header("sec-websocket-key")));
  if (std::optional<std::string_view> p = choose_protocol(req, options.protocols))
    r.header("Sec-WebSocket-Protocol", *p);
  r.websocket(std::make_shared<const detail::WebSocketUpgrade>(
      detail::WebSocketUpgrade{std::move(body), options}));
  return r;
}

}  // namespace spur
