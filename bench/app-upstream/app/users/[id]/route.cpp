// A user, as a users service would answer it.
#include <spur/route.hpp>
using namespace spur;

Response GET(Request&, const Params& params) {
  const std::string& id = params["id"];
  return Response::json({{"id", std::atoi(id.c_str())}, {"name", "User " + id}});
}
