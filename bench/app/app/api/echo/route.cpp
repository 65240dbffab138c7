// Workload C: the JSON body, parsed and serialized back.
#include <spur/route.hpp>
using namespace spur;

Response POST(Request& req) { return Response::json(req.json()); }
