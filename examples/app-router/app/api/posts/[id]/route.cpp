// GET, PUT (replace), PATCH (merge) and DELETE /api/posts/ID; an unknown id
// answers 404 {"error":"Post not found"}.
#include <spur/route.hpp>

#include "lib/posts.hpp"
using namespace spur;

Async<Response> GET(Request&, const Params& params) {
  const std::optional<Post> post = co_await posts.find_unique(params["id"]);
  if (!post) co_return post_not_found();
  co_return Response::json(*post);
}

Async<Response> PUT(Request& req, const Params& params) {
  const PostInput input = req.json<PostInput>();
  const PostInput replacement{input.title, input.content.value_or("")};
  const std::optional<Post> post = co_await posts.update(params["id"], replacement);
  if (!post) co_return post_not_found();
  co_return Response::json(*post);
}

Async<Response> PATCH(Request& req, const Params& params) {
  const PostPatch patch = req.json<PostPatch>();
  const std::optional<Post> post = co_await posts.update(params["id"], patch);
  if (!post) co_return post_not_found();
  co_return Response::json(*post);
}

Async<Response> DELETE(Request&, const Params& params) {
  const std::int64_t removed = co_await posts.remove(params["id"]);
  if (removed == 0) co_return post_not_found();
  co_return Response(204);
}
