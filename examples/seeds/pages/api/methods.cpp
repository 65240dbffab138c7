#include <spur/api.hpp>
using namespace spur;

void handler(ApiRequest& req, ApiResponse& res) {
  if (req.method() == "GET")
    res.status(200).json({{"message", "GET request received!"}});
  else if (req.method() == "POST")
    res.status(200).json({{"message", "POST request received!"}});
  else
    res.status(405).json({{"message", "Method Not Allowed"}});
}
