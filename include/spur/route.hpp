#pragma once
// Everything an App Router route file (`app/**/route.cpp`) uses:
//   #include <spur/route.hpp>
//   using namespace spur;
//   Response GET(Request& req, const Params& params) { ... }
// Kept light on purpose: no Asio, no OpenSSL, no parser internals, since every
// route includes it and route compile time is a feature.
#include "spur/http/method.hpp"
#include "spur/router/params.hpp"
#include "spur/runtime/body_stream.hpp"
#include "spur/runtime/form_data.hpp"
#include "spur/runtime/http_error.hpp"
#include "spur/runtime/json.hpp"
#include "spur/runtime/offload.hpp"
#include "spur/runtime/request.hpp"
#include "spur/runtime/response.hpp"
#include "spur/runtime/room.hpp"
#include "spur/runtime/route_config.hpp"
#include "spur/runtime/size_literals.hpp"
#include "spur/runtime/sleep.hpp"
#include "spur/runtime/sse.hpp"
#include "spur/runtime/stream.hpp"
#include "spur/runtime/task.hpp"
#include "spur/runtime/websocket.hpp"
#include "spur/wrap.hpp"
