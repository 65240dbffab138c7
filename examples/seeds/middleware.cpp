// The seeds' middleware.ts: the protected API needs `x-api-key: secret`.
#include <spur/middleware.hpp>
using namespace spur;

MiddlewareResult middleware(Request& req) {
  if (req.header("x-api-key") != "secret") return Response::json({{"error", "Unauthorized"}}, 401);
  return next();
}

const MiddlewareConfig config{.matcher = {"/api/v2/protected/:path*"}};
