#include <spur/route.hpp>
using namespace spur;

Response GET(Request& req) {
  const SearchParams& sp = req.search_params();
  boost::json::array tags;
  for (std::string_view t : sp.get_all("tags")) tags.emplace_back(t);
  boost::json::value q = nullptr;
  if (auto v = sp.get("q")) q = *v;
  return Response::json({{"q", q}, {"tags", tags}});
}
