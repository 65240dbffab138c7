// Exports POST only, to show what GET, HEAD and OPTIONS do then.
#include <spur/route.hpp>
using namespace spur;

Response POST() { return Response::json({{"accepted", true}}, 202); }
