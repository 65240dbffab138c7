// GET /db: one random row of world.
#include <spur/route.hpp>

#include "lib/world.hpp"
using namespace spur;

Async<Response> GET() {
  const std::optional<World> row = co_await db::query_one<World>(
      "SELECT id, randomNumber FROM world WHERE id = ?", random_world_id());
  co_return Response::json(*row);
}
