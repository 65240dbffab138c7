#pragma once
// Everything a Pages Router file (pages/api/**.cpp) needs:
//   #include <spur/api.hpp>
//   using namespace spur;
//   void handler(ApiRequest& req, ApiResponse& res) {
//     auto id = req.query["id"];
//     res.status(200).json({{"id", id}, {"name", "User " + std::string(id)}});
//   }
//   const ApiConfig config{.body_size_limit = 1_MB};   // optional
// Light on purpose: no Asio, no OpenSSL, no parser internals.
#include "spur/core/async.hpp"
#include "spur/core/env.hpp"
#include "spur/core/http_error.hpp"
#include "spur/core/size_literals.hpp"
#include "spur/core/sleep.hpp"
#include "spur/core/typed_env.hpp"
#include "spur/pages/api_config.hpp"
#include "spur/pages/api_request.hpp"
#include "spur/pages/api_response.hpp"
#include "spur/pages/pages_route.hpp"
#include "spur/pages/wrap.hpp"
