#include <spur/route.hpp>
using namespace spur;

Response GET(Request& req) {
  boost::json::value session = nullptr;
  if (auto s = req.cookies().get("session")) session = *s;
  return Response::json({{"session", session}})
      .set_cookie("seen", "1", {.path = "/", .http_only = true});
}
