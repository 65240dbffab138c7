#pragma once
// Everything an App Router route file (`app/**/route.cpp`) uses:
//   #include <spur/route.hpp>
//   using namespace spur;
//   Response GET(Request& req, const Params& params) { ... }
// Kept light on purpose: no Asio, no OpenSSL, no parser internals and no
// Pages Router API, since every route includes it and route compile time is a
// feature. What `using namespace spur;` brings in is listed in
// docs/handlers.md ("Names a route file sees"): framework words only, none an
// app would use for its own types (the coroutine type is Async, not Task).
#include "spur/core/async.hpp"
#include "spur/core/body_stream.hpp"
#include "spur/core/env.hpp"
#include "spur/core/http_error.hpp"
#include "spur/core/json.hpp"
#include "spur/core/next.hpp"
#include "spur/core/offload.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/route_config.hpp"
#include "spur/core/size_literals.hpp"
#include "spur/core/sleep.hpp"
#include "spur/core/stream.hpp"
#include "spur/core/typed_env.hpp"
#include "spur/core/websocket.hpp"
#include "spur/realtime/room.hpp"
#include "spur/realtime/sse.hpp"
#include "spur/realtime/upgrade.hpp"
#include "spur/router/params.hpp"
#include "spur/uploads/form_data.hpp"
#include "spur/wrap.hpp"
