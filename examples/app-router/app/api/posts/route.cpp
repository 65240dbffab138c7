// GET /api/posts?take=&skip= (oldest first, 20 a page by default, at most
// 100), POST /api/posts {"title", "content"?} → 201 with the stored post.
#include <spur/route.hpp>

#include "lib/posts.hpp"
using namespace spur;

Async<Response> GET(Request& req) {
  const int take = req.search_params().get<int>("take").value_or(20);
  const int skip = req.search_params().get<int>("skip").value_or(0);
  if (take < 1 || take > 100 || skip < 0)
    co_return Response::json({{"error", "take must be from 1 to 100 and skip at least 0"}}, 400);
  const db::FindMany page{.order_by = db::asc(&Post::id), .take = take, .skip = skip};
  co_return Response::json(co_await posts.find_many(page));
}

Async<Response> POST(Request& req) {
  const PostInput input = req.json<PostInput>();  // 400 naming each bad field
  co_return Response::json(co_await posts.create(input), 201);
}
