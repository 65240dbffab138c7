// A user's orders, as an orders service would answer them.
#include <spur/route.hpp>
using namespace spur;

Response GET(Request& req) {
  const int user = req.search_params().get<int>("user").value_or(0);
  return Response::json(boost::json::array{{{"id", 1}, {"user", user}, {"total", 42.5}},
                                           {{"id", 2}, {"user", user}, {"total", 7.25}}});
}
