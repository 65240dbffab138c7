// GET /: the chat page (public/index.html).
#include <spur/route.hpp>
using namespace spur;

Response GET() { return Response::redirect("/index.html"); }
