#pragma once
// The app's middleware.cpp as the app sees it: a middleware (whatever shape
// the file wrote it in) and its matchers, built by the generated glue.
#include "spur/core/next.hpp"
#include "spur/middleware.hpp"

namespace spur {

struct MiddlewareModule {
  Middleware run;
  MiddlewareConfig config;
};

}  // namespace spur
