#pragma once
// Forwarding a request to another server and its answer back, as a Next.js
// rewrite to an external URL does:
//   // app/api/proxy/[...path]/route.cpp: /api/proxy/users/7 → $USERS_API/users/7
//   Async<Response> GET(Request& req) {
//     std::string url = env("USERS_API") + std::string(req.path().substr(10));
//     if (!req.query().empty()) url.append("?").append(req.query());
//     Response res = co_await spur::proxy(req, std::move(url));
//     co_return res;
//   }
// The method, headers and body go to `url`; the status, headers and body
// come back as the response. Both bodies stream at the pace of the slower
// side, so nothing grows in memory (declare the route with
// RouteConfig{.stream_body = true} for uploads to stream too; otherwise the
// request body is read whole first). Hop-by-hop headers are dropped both
// ways (Connection and the names it lists, Keep-Alive, TE, Trailer,
// Transfer-Encoding, Upgrade, Proxy-Connection; Expect is answered here);
// X-Forwarded-For, -Proto and -Port are appended to and X-Forwarded-Host set
// when absent, as Next.js does. Redirects go back to the client; bodies are
// passed on as sent (Content-Encoding kept).
//
// `options`: headers set on the upstream request (each replaces the
// client's of that name), the timeouts (`timeout` bounds opening the
// connection and the wait for the response head; each read and write waits
// at most read_timeout), TLS files, and refuse_private_addresses for URLs
// built from user input. Its method, body, redirect, retries, decompress and
// stream_body are the proxy's own. A failure before the response head
// throws FetchError (502, or 504 for a timeout); after it, the response
// ends early (without its last chunk) and the log says why.
#include <string>

#include "spur/core/async.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/fetch/fetch_options.hpp"

namespace spur {

Async<Response> proxy(Request& req, std::string url, FetchOptions options);
// Not a default argument: GCC 12 miscompiles a default argument's temporary
// inside a co_await expression.
Async<Response> proxy(Request& req, std::string url);

}  // namespace spur
