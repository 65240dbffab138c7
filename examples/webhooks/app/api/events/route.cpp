// What the webhooks did, oldest first.
#include <spur/route.hpp>

#include "lib/events.hpp"
using namespace spur;

Response GET() { return Response::json(webhooks_app::handled.list()); }
