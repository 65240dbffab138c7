#pragma once
// The options of each built-in (docs/builtins.md), one struct each, as
// spur.config.cpp names them in AppConfig (<spur/config.hpp>).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spur {

// Cross-origin resource sharing (the Fetch standard's CORS protocol).
struct Cors {
  // Origins allowed to read responses, e.g. "https://app.example.com"; "*"
  // allows any, and is refused at start-up together with `credentials`.
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
  // Larger bodies are sent as they are: compressing one costs more CPU than
  // the bytes saved are worth to a server.
  std::size_t max_bytes = 8 * 1024 * 1024;
  // Larger bodies are compressed on the offload pool, off the event loop.
  std::size_t offload_above = 64 * 1024;
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

}  // namespace spur
