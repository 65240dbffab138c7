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

namespace spur {

// Cross-origin resource sharing (the Fetch standard's CORS protocol).
struct Cors {
  // Origins allowed to read responses, e.g. "https://app.example.com"; "*"
  // allows any (with credentials, the request's origin is echoed instead).
  std::vector<std::string> origins = {"*"};
  // Methods a preflight allows.
  std::vector<std::string> methods = {"GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"};
  // Request headers a preflight allows; empty: whatever the preflight asks for.
  std::vector<std::string> allowed_headers;
  // Response headers scripts may read (Access-Control-Expose-Headers).
  std::vector<std::string> exposed_headers;
  // Access-Control-Allow-Credentials: cookies and Authorization cross-origin.
  bool credentials = false;
  // How long a browser may cache a preflight (Access-Control-Max-Age), seconds.
  std::optional<int> max_age = 600;
};

// The format of one line per request on standard output.
enum class AccessLog : std::uint8_t {
  off,
  dev,   // GET /api/hello 200 in 0.4ms
  json,  // {"time":"…","method":"GET","path":"/api/hello","status":200,"ms":0.41,…}
};

// Response compression negotiated from Accept-Encoding (br preferred, then gzip).
// Bodies smaller than `min_bytes`, already-compressed types (images, video,
// archives, fonts) and event streams are sent as they are.
struct Compression {
  std::size_t min_bytes = 1024;
  int gzip_level = 6;      // 1 (fastest) .. 9 (smallest)
  int brotli_quality = 4;  // 0 (fastest) .. 11 (smallest)
};

// A token bucket per client: `requests` tokens, refilled evenly over `per`;
// a request without a token answers 429 with Retry-After.
struct RateLimit {
  double requests = 100;
  std::chrono::milliseconds per = std::chrono::minutes(1);
  // Empty: one bucket per client address. Otherwise the value of this request
  // header is the key (e.g. "x-api-key"); requests without it share the
  // client address's bucket.
  std::string key_header;
};

// Headers that harden responses, the values helmet and most security guides use.
struct SecurityHeaders {
  std::string content_security_policy = "default-src 'none'; frame-ancestors 'none'";
  std::string strict_transport_security = "max-age=63072000; includeSubDomains";
  std::string referrer_policy = "no-referrer";
  std::string frame_options = "DENY";  // X-Frame-Options
  bool nosniff = true;                 // X-Content-Type-Options: nosniff
  std::string cross_origin_opener_policy = "same-origin";
  std::string cross_origin_resource_policy = "same-origin";
};

// Next.js's trailingSlash: false (default) redirects `/a/` to `/a` with 308;
// true redirects `/a` to `/a/`. `ignore` serves both without a redirect.
enum class TrailingSlash : std::uint8_t { remove, add, ignore };

// What an error answer looks like. By default {"error": "<message>"}; name the
// key differently, or add the status and the request id, e.g.
//   .errors = ErrorFormat{.message_key = "message", .include_status = true}
//   → {"message":"Not Found","status":404}
struct ErrorFormat {
  std::string message_key = "error";
  bool include_status = false;      // "status": 404
  bool include_request_id = false;  // "requestId": "…" (with request_id on)
};

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
};

}  // namespace spur
