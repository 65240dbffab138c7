#include "lib/echo_slug.hpp"

void echo_slug(spur::ApiRequest& req, spur::ApiResponse& res) {
  const boost::json::object query = req.query.to_json();
  const boost::json::value* slug = query.if_contains("slug");
  res.status(200).json({{"slug", slug ? *slug : boost::json::value(nullptr)}});
}
