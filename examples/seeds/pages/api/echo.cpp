#include <spur/api.hpp>
using namespace spur;

void handler(ApiRequest& req, ApiResponse& res) {
  boost::json::value content_type = nullptr;
  if (auto ct = req.header("content-type")) content_type = *ct;
  res.status(200).json({{"method", req.method()},
                        {"query", req.query.to_json()},
                        {"body", req.body()},
                        {"contentType", content_type}});
}
