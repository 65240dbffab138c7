#pragma once
// The withAuth wrapper of the seeds, for both routers: requests without an
// Authorization header (or with an empty one, which JavaScript's `!auth` also
// rejects) get 401 {"message":"Unauthorized"}; others reach the wrapped
// handler.
//   const PagesHandler handler = with_auth(secret);   // pages/api/secret.cpp
//   const auto GET = with_auth(get_data);              // an app/**/route.cpp
#include <boost/json/value.hpp>
#include <optional>
#include <spur/wrap.hpp>

inline constexpr auto with_auth =
    spur::wrapper([](const spur::Request& req) -> std::optional<spur::Response> {
      std::optional<std::string_view> auth = req.header("authorization");
      if (!auth || auth->empty()) return spur::Response::json({{"message", "Unauthorized"}}, 401);
      return std::nullopt;
    });
