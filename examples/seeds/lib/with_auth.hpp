#pragma once
// The withAuth wrapper of the seeds: requests without an Authorization header
// (or with an empty one, which JavaScript's `!auth` also rejects) get 401
// {"message":"Unauthorized"}; others reach the wrapped handler.
#include <spur/api.hpp>

template <typename F>
spur::PagesHandler with_auth(F&& inner) {
  return [next = spur::to_pages_handler(std::forward<F>(inner))](
             spur::ApiRequest& req, spur::ApiResponse& res) -> spur::Task<void> {
    auto auth = req.header("authorization");
    if (!auth || auth->empty()) {
      res.status(401).json({{"message", "Unauthorized"}});
      co_return;
    }
    co_await next(req, res);
  };
}
