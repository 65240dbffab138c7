#include <spur/route.hpp>

#include "lib/posts.hpp"
using namespace spur;

namespace {

Response not_found() { return Response::json({{"error", "Post not found"}}, 404); }

}  // namespace

Response GET(Request&, const Params& params) {
  auto post = posts().find(params["id"]);
  if (!post) return not_found();
  return Response::json(*post);
}

// PUT replaces title and content.
Response PUT(Request& req, const Params& params) {
  const std::string& id = params["id"];
  if (!posts().find(id)) return not_found();
  boost::json::value body = req.json();
  auto post = posts().put(id, {id, string_field(body, "title").value_or(""),
                               string_field(body, "content").value_or("")});
  if (!post) return not_found();
  return Response::json(*post);
}

// PATCH merges the given fields.
Response PATCH(Request& req, const Params& params) {
  const std::string& id = params["id"];
  auto existing = posts().find(id);
  if (!existing) return not_found();
  boost::json::value body = req.json();
  auto post = posts().put(id, {id, string_field(body, "title").value_or(existing->title),
                               string_field(body, "content").value_or(existing->content)});
  if (!post) return not_found();
  return Response::json(*post);
}

Response DELETE(Request&, const Params& params) {
  if (!posts().erase(params["id"])) return not_found();
  return Response::empty(204);
}
