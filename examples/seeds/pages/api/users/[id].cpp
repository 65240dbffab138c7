#include <spur/api.hpp>
using namespace spur;

void handler(ApiRequest& req, ApiResponse& res) {
  const std::string& id = req.query["id"];
  res.status(200).json({{"id", id}, {"name", "User " + id}});
}
