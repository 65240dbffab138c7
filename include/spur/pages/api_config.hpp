#pragma once
// Per-route settings a Pages Router file may declare at file scope, Spur's
// form of Next.js's `export const config = { api: { bodyParser: ... } }`:
//   const ApiConfig config{.body_size_limit = 512_KB};
//   const ApiConfig config{.body_size_limit = 50_MB, .body_parser = false};
#include <cstdint>

#include "spur/core/size_literals.hpp"

namespace spur {

struct ApiConfig {
  // Largest request body the route accepts. A larger one answers 413
  // {"error":"Body exceeded 1mb limit"} before the handler runs, whether or
  // not the handler reads the body, and whatever the Content-Type. Applies
  // with body_parser = false too (raise it for uploads). The server's
  // Limits::max_body_bytes stays the ceiling.
  std::uint64_t body_size_limit = 1_MB;
  // Parse the body by Content-Type into req.body() (JSON, urlencoded form or
  // text). false: req.body() is null and req.raw_body() has the bytes.
  bool body_parser = true;
};

}  // namespace spur
