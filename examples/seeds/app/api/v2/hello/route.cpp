#include <spur/route.hpp>
using namespace spur;

Response GET() { return Response::json({{"message", "Hello from Next.js App Router!"}}); }

Response POST(Request& req) { return Response::json({{"received", req.json()}}); }
