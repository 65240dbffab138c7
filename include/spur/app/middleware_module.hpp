#pragma once
// The app's middleware.cpp as the framework sees it: its function and its
// matchers, built by the generated glue (see glue.hpp).
#include "spur/middleware.hpp"

namespace spur {

struct MiddlewareModule {
  Task<MiddlewareResult> (*run)(Request&) = nullptr;
  MiddlewareConfig config;
};

}  // namespace spur
