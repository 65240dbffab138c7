#include <spur/api.hpp>
using namespace spur;

void handler(ApiRequest&, ApiResponse& res) {
  res.status(200).json({{"message", "Hello from Next.js!"}});
}
