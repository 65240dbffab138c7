// /api/proxy/<path>?<query>: the users service itself, behind this app's
// origin (no CORS for the browser, the service's address kept private):
// $USERS_API/<path>?<query>, any method, both bodies streaming.
#include <spur/fetch.hpp>
#include <spur/route.hpp>

#include "lib/env.hpp"
using namespace spur;

const RouteConfig config{.stream_body = true};  // uploads stream through too

namespace {
Async<Response> forward(Request& req) {
  // The path as sent (still encoded), after "/api/proxy".
  std::string url = bff::env().users_api + std::string(req.path().substr(10));
  if (!req.query().empty()) url.append("?").append(req.query());
  Response res = co_await proxy(req, std::move(url));
  co_return res;
}
}  // namespace

Async<Response> GET(Request& req) { return forward(req); }
Async<Response> POST(Request& req) { return forward(req); }
Async<Response> PUT(Request& req) { return forward(req); }
Async<Response> PATCH(Request& req) { return forward(req); }
Async<Response> DELETE(Request& req) { return forward(req); }
