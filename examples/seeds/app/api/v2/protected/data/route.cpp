#include <spur/route.hpp>
using namespace spur;

Response GET() { return Response::json({{"data", "ok"}}); }
