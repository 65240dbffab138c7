#pragma once
// The application as the server sees it: one function from Request to a
// Task<Response>. The socket server, the in-process test client and future
// adapters (serverless) each wrap this.
#include <functional>

#include "spur/runtime/request.hpp"
#include "spur/runtime/response.hpp"
#include "spur/runtime/task.hpp"

namespace spur {

using Handler = std::function<Task<Response>(Request&)>;

}  // namespace spur
