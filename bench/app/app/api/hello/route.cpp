// Workload A.
#include <spur/route.hpp>
using namespace spur;

Response GET() { return Response::json({{"message", "Hello from Next.js!"}}); }
