#include <spur/route.hpp>

#include "lib/posts.hpp"
using namespace spur;

Response GET() { return Response::json(posts().list()); }

Response POST(Request& req) {
  boost::json::value body = req.json();
  std::optional<std::string> title = string_field(body, "title");
  if (!title || title->empty()) return Response::json({{"error", "title is required"}}, 400);
  return Response::json(posts().create(*title, string_field(body, "content").value_or("")), 201);
}
