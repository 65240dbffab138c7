// App and the route-module glue without code generation: modules are built
// here by hand, the way generated units build them, and driven in-process.
#include "spur/app/app.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "spur/detail/route_glue.hpp"
#include "spur/route.hpp"
#include "spur/testing/client.hpp"

namespace {

using namespace spur;
using spur::testing::Client;

// What a route file's namespace looks like to the glue.
namespace items_route {
namespace user {
using namespace ::spur::detail::fallback;
Response GET(Request&, const Params& params) { return Response::text("item " + params["id"]); }
Async<Response> PUT(Request& req) { co_return Response::text("put " + std::string(req.text())); }
const RouteConfig config{.body_size_limit = 8};
}  // namespace user
}  // namespace items_route

RouteModule items_module() {
  using namespace items_route;
  return detail::make_app_module<&user::GET, &user::HEAD, &user::POST, &user::PUT, &user::PATCH,
                                 &user::DELETE, &user::OPTIONS, &user::SOCKET, &user::config>();
}

std::atomic<std::thread::id> offload_thread;

namespace async_route {
namespace user {
using namespace ::spur::detail::fallback;
Async<Response> GET() {
  co_await spur::sleep(std::chrono::milliseconds(20));
  const auto caller = std::this_thread::get_id();
  int answer = co_await spur::offload([] {
    offload_thread = std::this_thread::get_id();
    return 42;
  });
  if (std::this_thread::get_id() != caller) throw std::logic_error("resumed on another thread");
  co_return Response::json({{"answer", answer}});
}
Async<Response> POST() {
  co_await spur::offload([] { throw spur::HttpError(409, "conflict from the pool"); });
  co_return Response::text("unreachable");
}
}  // namespace user
}  // namespace async_route

RouteModule async_module() {
  using namespace async_route;
  return detail::make_app_module<&user::GET, &user::HEAD, &user::POST, &user::PUT, &user::PATCH,
                                 &user::DELETE, &user::OPTIONS, &user::SOCKET, &user::config>();
}

const RouteModuleEntry routes[] = {
    {"app/items/[id]/route.cpp", &items_module},
    {"app/async/route.cpp", &async_module},
};

TEST(App, DetectsExportedMethodsAndConfig) {
  RouteModule m = items_module();
  const MethodTable& table = std::get<MethodTable>(m.route);
  EXPECT_NE(table.find(http::Method::get), nullptr);
  EXPECT_NE(table.find(http::Method::put), nullptr);
  EXPECT_EQ(table.find(http::Method::post), nullptr);
  EXPECT_EQ(table.config.body_size_limit, 8u);
  EXPECT_EQ(allow_header(table), "GET, HEAD, OPTIONS, PUT");
}

TEST(App, DispatchesWithParamsAndEnforcesTheRouteLimit) {
  App app(routes);
  Client client(app);
  EXPECT_EQ(client.get("/items/a%20b").body, "item a b");
  EXPECT_EQ(client.put("/items/1", "12345678").body, "put 12345678");
  EXPECT_EQ(client.put("/items/1", "123456789").status, 413);
  EXPECT_EQ(client.post("/items/1", "").status, 405);
}

TEST(App, SleepAndOffloadResumeOnTheHandlersThread) {
  App app(routes);
  Client client(app);
  spur::testing::TestResponse r = client.get("/async");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"answer":42})");
  EXPECT_NE(offload_thread.load(), std::this_thread::get_id());  // really ran on the pool
}

TEST(App, OffloadedExceptionsReachTheHandler) {
  App app(routes);
  Client client(app);
  spur::testing::TestResponse r = client.post("/async", "");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, R"({"error":"conflict from the pool"})");
}

TEST(App, RouteTableErrorsNameTheFiles) {
  const RouteModuleEntry clash[] = {
      {"app/items/[id]/route.cpp", &items_module},
      {"pages/items/[id].cpp", &items_module},
      {"pages/api/items/[slug].cpp", &items_module},
      {"app/api/items/[id]/route.cpp", &items_module},
  };
  try {
    App app(clash);
    FAIL() << "expected a RouteTableError";
  } catch (const RouteTableError& e) {
    EXPECT_NE(std::string(e.what()).find("pages/items/[id].cpp"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("pages/api/items/[slug].cpp"), std::string::npos)
        << e.what();
  }
}

}  // namespace
