// The App Router counterpart of pages/api/echo: how params, the query and the
// raw body reach a route handler. GET and POST share one handler object.
#include <spur/route.hpp>
using namespace spur;

namespace {

Response echo(Request& req, const Params& params) {
  boost::json::value path = nullptr;  // absent when the optional catch-all matched nothing
  if (const auto matched = params.list("path")) {
    boost::json::array segments;
    for (const std::string& s : *matched) segments.emplace_back(s);
    path = segments;
  }
  boost::json::array query;
  for (const auto& [name, value] : req.search_params().entries())
    query.push_back(boost::json::array{boost::json::string(name), boost::json::string(value)});
  boost::json::value content_type = nullptr;
  if (auto ct = req.header("content-type")) content_type = *ct;
  return Response::json({{"method", req.method()},
                         {"path", path},
                         {"query", query},
                         {"contentType", content_type},
                         {"body", req.text()}});
}

}  // namespace

const auto GET = echo;
const auto POST = echo;
