// Workload B.
#include <spur/route.hpp>
using namespace spur;

Response GET(Request&, const Params& params) {
  const std::string& id = params["id"];
  return Response::json({{"id", id}, {"name", "User " + id}});
}
