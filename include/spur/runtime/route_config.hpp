#pragma once
// Per-route settings an App Router route file may declare at file scope:
//   const RouteConfig config{.body_size_limit = 64_KB};
#include <cstdint>

#include "spur/runtime/size_literals.hpp"

namespace spur {

struct RouteConfig {
  // Largest request body this route accepts; larger answers 413 before the
  // handler runs. 0: the server's limit (Limits::max_body_bytes), which is
  // also the ceiling. App routes have no smaller default, as in Next.js.
  std::uint64_t body_size_limit = 0;
};

}  // namespace spur
