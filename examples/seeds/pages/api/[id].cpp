#include <spur/api.hpp>
using namespace spur;

void handler(ApiRequest& req, ApiResponse& res) {
  res.status(200).json({{"message", "Received ID: " + req.query["id"]}});
}
