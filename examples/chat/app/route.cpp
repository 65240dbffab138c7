// GET /: the chat page (public/index.html), keeping the query (?transport=ws).
#include <spur/route.hpp>
using namespace spur;

Response GET(Request& req) {
  std::string location = "/index.html";
  if (!req.query().empty()) location += "?" + std::string(req.query());
  return Response::redirect(location);
}
