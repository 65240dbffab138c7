#pragma once
// Everything an App Router route file (`app/**/route.cpp`) uses:
//   #include <spur/route.hpp>
//   using namespace spur;
//   Response GET(Request& req, const Params& params) { ... }
// Kept light on purpose: no Asio, no OpenSSL, no parser internals, since every
// route includes it and route compile time is a feature.
#include "spur/core/body_stream.hpp"
#include "spur/core/http_error.hpp"
#include "spur/core/json.hpp"
#include "spur/core/offload.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/route_config.hpp"
#include "spur/core/size_literals.hpp"
#include "spur/core/sleep.hpp"
#include "spur/core/stream.hpp"
#include "spur/core/task.hpp"
#include "spur/http/method.hpp"
#include "spur/realtime/room.hpp"
#include "spur/realtime/sse.hpp"
#include "spur/realtime/websocket.hpp"
#include "spur/router/params.hpp"
#include "spur/uploads/form_data.hpp"
#include "spur/wrap.hpp"
