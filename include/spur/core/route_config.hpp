#pragma once
// Per-route settings an App Router route file may declare at file scope:
//   const RouteConfig config{.body_size_limit = 64_KB};
//   const RouteConfig config{.body_size_limit = 2_GB, .stream_body = true};
#include <cstdint>

#include "spur/core/size_literals.hpp"
#include "spur/core/websocket_options.hpp"

namespace spur {

struct RouteConfig {
  // Largest request body this route accepts; larger answers 413 before the
  // handler runs (a streamed one: as soon as it passes the limit). 0: the
  // server's limit, Limits::max_body_bytes (Limits::max_streamed_body_bytes
  // when streamed), which is also the ceiling. App routes have no smaller
  // default, as in Next.js.
  std::uint64_t body_size_limit = 0;
  // Hand the body to the handler as it arrives (req.body_stream(), read_form()),
  // instead of reading it whole before the handler runs: for large uploads,
  // in constant memory (see docs/uploads.md).
  bool stream_body = false;
  // The SOCKET export's settings (see websocket.hpp).
  WebSocketOptions websocket;
};

}  // namespace spur
