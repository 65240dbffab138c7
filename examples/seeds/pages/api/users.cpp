#include <spur/api.hpp>
using namespace spur;

void handler(ApiRequest& req, ApiResponse& res) {
  if (req.method() == "GET") {
    res.status(200).json({{"users", {"John", "Jane"}}});
  } else if (req.method() == "POST") {
    res.status(201).json({{"message", "User created"}});
  } else {
    res.set_header("Allow", {"GET", "POST"});
    res.status(405).end("Method " + std::string(req.method()) + " Not Allowed");
  }
}
