#pragma once
// App-wide settings, the counterpart of next.config.ts. An app declares them in
// `spur.config.cpp` at its root (picked up by spur_add_app()):
//   #include <spur/config.hpp>
//   using namespace spur;
//   const AppConfig config{
//       .base_path = "/v1",
//       .cors = Cors{.origins = {"https://example.com"}, .credentials = true},
//       .request_id = true,
//       .access_log = AccessLog::json,
//       .compression = Compression{},
//       .rate_limit = RateLimit{.requests = 100, .per = std::chrono::minutes(1)},
//       .security_headers = SecurityHeaders{},
//   };
// Every built-in is off until named; each is one line. See docs/builtins.md.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spur/builtins/options.hpp"
#include "spur/core/error_format.hpp"
#include "spur/core/log.hpp"

namespace spur {

// Next.js's trailingSlash: false (default) redirects `/a/` to `/a` with 308;
// true redirects `/a` to `/a/`. `ignore` serves both without a redirect.
enum class TrailingSlash : std::uint8_t { remove, add, ignore };

struct AppConfig {
  // Serve the app under a path prefix (Next.js basePath): "/docs" makes
  // app/api/hello/route.cpp answer /docs/api/hello, and anything outside the
  // prefix 404. Redirects made by Spur keep the prefix.
  std::string base_path;
  TrailingSlash trailing_slash = TrailingSlash::remove;

  std::optional<Cors> cors;
  // X-Request-Id: the client's (if it sends a sane one) or a new random id, on
  // the request for handlers and echoed on the response.
  bool request_id = false;
  AccessLog access_log = AccessLog::off;
  std::optional<Compression> compression;
  std::optional<RateLimit> rate_limit;
  std::optional<SecurityHeaders> security_headers;
  ErrorFormat errors;
  // The app's log: dev lines or JSON lines on standard error, and the level
  // below which lines are dropped.
  LogOptions log;
  // Secrets for signed cookies, the first signing and each verifying (each at
  // least 32 characters). Empty: SPUR_COOKIE_SECRET's comma-separated list,
  // read once when the app starts.
  std::vector<std::string> cookie_secrets;
  // Signatures cover the cookie's name. Those an older Spur made covered only
  // the value (a value signed for one cookie verified as any other); true
  // accepts them too, for the lifetime of the cookies issued before the
  // upgrade. Leave it false once they have expired.
  bool accept_unbound_cookie_signatures = false;
};

}  // namespace spur
