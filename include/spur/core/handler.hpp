#pragma once
// The application as the server sees it: one function from Request to a
// Task<Response>. The socket server, the in-process test client and future
// adapters (serverless) each wrap this.
#include <functional>

#include "spur/core/request.hpp"
#include "spur/core/response.hpp"
#include "spur/core/task.hpp"

namespace spur {

using Handler = std::function<Task<Response>(Request&)>;

}  // namespace spur
