#include <spur/api.hpp>

#include "lib/with_auth.hpp"
using namespace spur;

namespace {
void secret(ApiRequest&, ApiResponse& res) { res.status(200).json({{"ok", true}}); }
}  // namespace

const PagesHandler handler = with_auth(secret);
