// An unhandled exception in a Pages API route: 500, logged with the route.
#include <spur/api.hpp>
#include <stdexcept>
using namespace spur;

void handler(ApiRequest&, ApiResponse&) { throw std::runtime_error("boom"); }
