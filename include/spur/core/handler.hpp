#pragma once
// The application as an adapter sees it: one function from Request to a
// Response. The socket server, the in-process test client and future
// adapters (serverless) each drive one; App::handler() is the usual one, and
// it never fails: every error is already an answer.
#include <functional>

#include "spur/core/async.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"

namespace spur {

using Handler = std::function<Async<Response>(Request&)>;

}  // namespace spur
