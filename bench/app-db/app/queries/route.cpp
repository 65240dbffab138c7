// GET /queries?queries=N: N random rows of world, one query each.
#include <spur/route.hpp>

#include "lib/world.hpp"
using namespace spur;

Async<Response> GET(Request& req) {
  const int n = queries_of(req);
  std::vector<World> rows;
  rows.reserve(n);
  for (int i = 0; i < n; ++i) {
    const std::optional<World> row = co_await db::query_one<World>(
        "SELECT id, randomNumber FROM world WHERE id = ?", random_world_id());
    rows.push_back(*row);
  }
  co_return Response::json(rows);
}
