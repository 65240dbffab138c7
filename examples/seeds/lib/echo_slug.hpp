#pragma once
// The catch-all seeds' handler: answers {"slug": <the slug param as the query shows it, or null>}.
#include <spur/api.hpp>

void echo_slug(spur::ApiRequest& req, spur::ApiResponse& res);
