// GET /updates?queries=N: N random rows of world read one by one, each given a
// new random number, written back; one transaction (one unit of work).
#include <spur/route.hpp>

#include "lib/world.hpp"
using namespace spur;

Async<Response> GET(Request& req) {
  const int n = queries_of(req);
  std::vector<World> rows = co_await db::transaction([n](db::Tx& tx) {
    std::vector<World> out;
    out.reserve(n);
    for (int i = 0; i < n; ++i) {
      World row = *tx.query_one<World>("SELECT id, randomNumber FROM world WHERE id = ?",
                                       random_world_id());
      row.randomNumber = random_world_id();
      tx.exec("UPDATE world SET randomNumber = ? WHERE id = ?", row.randomNumber, row.id);
      out.push_back(row);
    }
    return out;
  });
  co_return Response::json(rows);
}
