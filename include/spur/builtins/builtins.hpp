#pragma once
// The built-ins of spur.config.cpp (docs/builtins.md), each a middleware made
// from its options (builtins/options.hpp). The App composes those its
// AppConfig names, once, when it is built, in this order (outermost first, so
// each sees what the ones after it answered):
//   request_id → access_log → compression → security_headers → cors → rate_limit
// A preflight is answered by cors before the rate limiter counts it; the
// access log times and records the final answer, compressed or not.

#include "spur/builtins/options.hpp"
#include "spur/core/next.hpp"

namespace spur::builtins {

// X-Request-Id: the client's when it is sane, else a new random id; set on
// the request (header and Request::id()) and echoed on the response.
Middleware request_id();
// One line per request on standard output, through the app's logger.
Middleware access_log(AccessLog format);
// gzip or Brotli for string bodies the client accepts; large bodies are
// compressed on the offload pool, not on the event loop.
Middleware compression(Compression options);
// Hardening headers, unless the handler set them itself.
Middleware security_headers(SecurityHeaders options);
// Preflights answered, Access-Control-* headers for allowed origins.
Middleware cors(Cors options);
// A token bucket per client or key: 429 with Retry-After when empty, and the
// RateLimit-* headers on every answer.
Middleware rate_limit(RateLimit options);

}  // namespace spur::builtins
