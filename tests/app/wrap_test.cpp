// Wrappers (<spur/wrap.hpp>) on both routers, sync and Async handlers, driven
// through App and the in-process client. Route modules are built by hand the
// way generated units build them (see app_test.cpp).
#include "spur/wrap.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "async_test_util.hpp"
#include "spur/api.hpp"
#include "spur/app/app.hpp"
#include "spur/detail/pages_glue.hpp"
#include "spur/detail/route_glue.hpp"
#include "spur/route.hpp"
#include "spur/testing/client.hpp"

namespace {

using namespace spur;
using spur::testing::Client;
using spur::testing::TestResponse;

// What ran, in order: wrappers and handlers append to it.
std::vector<std::string> trail;

// The seeds' withAuth, with a header on the 401 to check that headers of a
// short-circuit reach a Pages response too.
const auto with_auth = wrapper([](const Request& req) -> std::optional<Response> {
  std::optional<std::string_view> auth = req.header("authorization");
  if (!auth || auth->empty())
    return Response::json({{"message", "Unauthorized"}}, 401)
        .set_header("WWW-Authenticate", "Bearer");
  return std::nullopt;
});

// A wrapper with state: records its label and lets the request through.
auto with_mark(std::string label) {
  return wrapper([label](const Request&) -> std::optional<Response> {
    trail.push_back(label);
    return std::nullopt;
  });
}

// Around the handler: sees the inner status and adds a header.
const auto with_status_header = around_wrapper([](const Request&, Next next) -> Async<Response> {
  trail.push_back("around");
  Response res = co_await next();
  trail.push_back("around saw " + std::to_string(res.status()));
  res.set_header("X-Inner-Status", std::to_string(res.status()));
  co_return res;
});

// An asynchronous check.
const auto with_slow_check = wrapper([](const Request& req) -> Async<std::optional<Response>> {
  co_await spur::sleep(std::chrono::milliseconds(5));
  if (req.header("x-deny")) co_return Response::text("denied", 403);
  co_return std::nullopt;
});

// A check that reads the route's params.
const auto only_item_7 =
    wrapper([](const Request&, const Params& params) -> std::optional<Response> {
      if (params["id"] != "7") return Response::json({{"error", "Forbidden"}}, 403);
      return std::nullopt;
    });

// A check that throws.
const auto with_conflict = wrapper([](const Request&) -> std::optional<Response> {
  throw HttpError(409, "conflict in a wrapper");
});

// An around-wrapper that answers without calling next().
const auto with_maintenance = around_wrapper([](const Request&, Next) -> Async<Response> {
  co_return Response::text("down for maintenance", 503);
});

// ---- App Router files --------------------------------------------------

Response get_sync(Request&) { return Response::text("sync ok"); }
Async<Response> get_async(Request&, const Params&) {
  co_await spur::sleep(std::chrono::milliseconds(5));
  co_return Response::json({{"async", true}});
}
Response get_marked() {
  trail.push_back("handler");
  return Response::text("marked", 201);
}
Response get_throws(Request&) { throw std::runtime_error("boom"); }
Response get_item(Request&, const Params& params) { return Response::text("item " + params["id"]); }

namespace app_sync {
namespace user {
using namespace ::spur::detail::fallback;
const auto GET = with_auth(get_sync);
const auto POST = with_auth(get_throws);
}  // namespace user
}  // namespace app_sync

namespace app_async {
namespace user {
using namespace ::spur::detail::fallback;
const auto GET = with_auth(get_async);
const auto POST = with_auth([](Request& req) -> Async<Response> {
  co_await spur::sleep(std::chrono::milliseconds(1));
  co_return Response::text("posted " + std::string(req.text()));
});
}  // namespace user
}  // namespace app_async

namespace app_stacked {
namespace user {
using namespace ::spur::detail::fallback;
const auto GET = with_status_header(with_mark("outer")(with_mark("inner")(get_marked)));
const auto POST = with_status_header(with_auth(get_sync));
const auto PUT = with_maintenance(get_marked);
}  // namespace user
}  // namespace app_stacked

namespace app_items {
namespace user {
using namespace ::spur::detail::fallback;
const auto GET = only_item_7(with_slow_check(get_item));
const auto DELETE = with_conflict(get_item);
}  // namespace user
}  // namespace app_items

// The route table's entries name the files (RouteModuleEntry); a module is
// only what the file defines.
template <auto GET, auto POST, auto PUT, auto DELETE>
RouteModule app_module(std::string_view) {
  using namespace detail::fallback;
  return detail::make_app_module<GET, &HEAD, POST, PUT, &PATCH, DELETE, &OPTIONS, &SOCKET,
                                 &config>();
}

RouteModule app_sync_module() {
  using namespace app_sync::user;
  return app_module<&GET, &POST, &PUT, &DELETE>("app/a/sync/route.cpp");
}
RouteModule app_async_module() {
  using namespace app_async::user;
  return app_module<&GET, &POST, &PUT, &DELETE>("app/a/async/route.cpp");
}
RouteModule app_stacked_module() {
  using namespace app_stacked::user;
  return app_module<&GET, &POST, &PUT, &DELETE>("app/a/stacked/route.cpp");
}
RouteModule app_items_module() {
  using namespace app_items::user;
  return app_module<&GET, &POST, &PUT, &DELETE>("app/a/items/[id]/route.cpp");
}

// ---- Pages Router files ------------------------------------------------

void pages_sync(ApiRequest&, ApiResponse& res) { res.status(200).json({{"ok", true}}); }
Async<void> pages_async(ApiRequest& req, ApiResponse& res) {
  co_await spur::sleep(std::chrono::milliseconds(5));
  res.status(200).json({{"async", true}, {"method", req.method()}});
}
void pages_marked(ApiRequest&, ApiResponse& res) {
  trail.push_back("handler");
  res.status(201).send("marked");
}
void pages_throws(ApiRequest&, ApiResponse&) { throw std::runtime_error("boom"); }
void pages_item(ApiRequest& req, ApiResponse& res) { res.send("item " + req.query["id"]); }
void pages_silent(ApiRequest&, ApiResponse& res) { res.status(202); }

namespace pages_sync_route {
namespace user {
using namespace ::spur::detail::fallback;
const PagesHandler handler = with_auth(pages_sync);
}  // namespace user
}  // namespace pages_sync_route

namespace pages_async_route {
namespace user {
using namespace ::spur::detail::fallback;
const auto handler = with_auth(pages_async);
}  // namespace user
}  // namespace pages_async_route

namespace pages_stacked_route {
namespace user {
using namespace ::spur::detail::fallback;
const auto handler = with_status_header(with_mark("outer")(with_mark("inner")(pages_marked)));
}  // namespace user
}  // namespace pages_stacked_route

namespace pages_stacked_auth_route {
namespace user {
using namespace ::spur::detail::fallback;
const auto handler = with_auth(with_status_header(with_auth(pages_async)));
}  // namespace user
}  // namespace pages_stacked_auth_route

namespace pages_items_route {
namespace user {
using namespace ::spur::detail::fallback;
const auto handler = only_item_7(with_slow_check(pages_item));
}  // namespace user
}  // namespace pages_items_route

namespace pages_throws_route {
namespace user {
using namespace ::spur::detail::fallback;
const auto handler = with_mark("before throw")(pages_throws);
}  // namespace user
}  // namespace pages_throws_route

namespace pages_silent_route {
namespace user {
using namespace ::spur::detail::fallback;
const auto handler = with_status_header(pages_silent);
}  // namespace user
}  // namespace pages_silent_route

namespace pages_maintenance_route {
namespace user {
using namespace ::spur::detail::fallback;
const auto handler = with_maintenance(with_conflict(pages_sync));
}  // namespace user
}  // namespace pages_maintenance_route

template <auto HANDLER>
RouteModule pages_module(std::string_view) {
  return detail::make_pages_module<HANDLER, &detail::fallback::config>();
}

RouteModule pages_sync_module() {
  return pages_module<&pages_sync_route::user::handler>("pages/api/p/sync.cpp");
}
RouteModule pages_async_module() {
  return pages_module<&pages_async_route::user::handler>("pages/api/p/async.cpp");
}
RouteModule pages_stacked_module() {
  return pages_module<&pages_stacked_route::user::handler>("pages/api/p/stacked.cpp");
}
RouteModule pages_stacked_auth_module() {
  return pages_module<&pages_stacked_auth_route::user::handler>("pages/api/p/stacked-auth.cpp");
}
RouteModule pages_items_module() {
  return pages_module<&pages_items_route::user::handler>("pages/api/p/items/[id].cpp");
}
RouteModule pages_throws_module() {
  return pages_module<&pages_throws_route::user::handler>("pages/api/p/throws.cpp");
}
RouteModule pages_silent_module() {
  return pages_module<&pages_silent_route::user::handler>("pages/api/p/silent.cpp");
}
RouteModule pages_maintenance_module() {
  return pages_module<&pages_maintenance_route::user::handler>("pages/api/p/maintenance.cpp");
}

const RouteModuleEntry routes[] = {
    {"app/a/sync/route.cpp", &app_sync_module},
    {"app/a/async/route.cpp", &app_async_module},
    {"app/a/stacked/route.cpp", &app_stacked_module},
    {"app/a/items/[id]/route.cpp", &app_items_module},
    {"pages/api/p/sync.cpp", &pages_sync_module},
    {"pages/api/p/async.cpp", &pages_async_module},
    {"pages/api/p/stacked.cpp", &pages_stacked_module},
    {"pages/api/p/stacked-auth.cpp", &pages_stacked_auth_module},
    {"pages/api/p/items/[id].cpp", &pages_items_module},
    {"pages/api/p/throws.cpp", &pages_throws_module},
    {"pages/api/p/silent.cpp", &pages_silent_module},
    {"pages/api/p/maintenance.cpp", &pages_maintenance_module},
};

class Wrap : public ::testing::Test {
 protected:
  void SetUp() override { trail.clear(); }

  App app{routes};
  Client client{app};
};

const spur::testing::Headers bearer = {{"Authorization", "Bearer token"}};

void expect_unauthorized(const TestResponse& r) {
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"message":"Unauthorized"})");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("www-authenticate"), "Bearer");
}

TEST_F(Wrap, AppSyncHandlerShortCircuitsAndPassesThrough) {
  expect_unauthorized(client.get("/a/sync"));
  expect_unauthorized(client.get("/a/sync", {{"Authorization", ""}}));
  TestResponse ok = client.get("/a/sync", bearer);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "sync ok");
}

TEST_F(Wrap, AppTaskHandlerShortCircuitsAndPassesThrough) {
  expect_unauthorized(client.get("/a/async"));
  TestResponse ok = client.get("/a/async", bearer);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"async":true})");
  expect_unauthorized(client.post("/a/async", "x"));
  EXPECT_EQ(client.post("/a/async", "x", bearer).body, "posted x");
}

TEST_F(Wrap, PagesSyncHandlerShortCircuitsAndPassesThrough) {
  expect_unauthorized(client.get("/api/p/sync"));
  expect_unauthorized(client.get("/api/p/sync", {{"Authorization", ""}}));
  TestResponse ok = client.get("/api/p/sync", bearer);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"ok":true})");
  EXPECT_EQ(ok.header("etag"), R"("w6gfy8q1ypb")");  // the handler's res.json, untouched
}

TEST_F(Wrap, PagesTaskHandlerShortCircuitsAndPassesThrough) {
  expect_unauthorized(client.get("/api/p/async"));
  TestResponse ok = client.post("/api/p/async", "", bearer);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"async":true,"method":"POST"})");
}

TEST_F(Wrap, AppWrappersRunOutermostFirstAndAroundSeesTheInnerStatus) {
  TestResponse r = client.get("/a/stacked");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "marked");
  EXPECT_EQ(r.header("x-inner-status"), "201");
  EXPECT_EQ(trail,
            (std::vector<std::string>{"around", "outer", "inner", "handler", "around saw 201"}));
}

TEST_F(Wrap, PagesWrappersRunOutermostFirstAndAroundSeesTheInnerStatus) {
  TestResponse r = client.get("/api/p/stacked");
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, "marked");
  EXPECT_EQ(r.header("x-inner-status"), "201");
  EXPECT_TRUE(r.header("etag"));  // res.send's ETag survives the around-wrapper
  EXPECT_EQ(trail,
            (std::vector<std::string>{"around", "outer", "inner", "handler", "around saw 201"}));
}

TEST_F(Wrap, AroundSeesAShortCircuitOfAnInnerWrapper) {
  TestResponse answer = client.post("/a/stacked", "");
  expect_unauthorized(answer);
  EXPECT_EQ(answer.header("x-inner-status"), "401");

  trail.clear();
  TestResponse pages = client.get("/api/p/stacked-auth", bearer);
  EXPECT_EQ(pages.status, 200);
  EXPECT_EQ(pages.header("x-inner-status"), "200");
  EXPECT_EQ(trail, (std::vector<std::string>{"around", "around saw 200"}));
  // The outer with_auth answers before the around-wrapper runs.
  trail.clear();
  expect_unauthorized(client.get("/api/p/stacked-auth"));
  EXPECT_TRUE(trail.empty());
}

TEST_F(Wrap, AroundWrapperCanAnswerWithoutTheHandler) {
  TestResponse answer = client.put("/a/stacked", "");
  EXPECT_EQ(answer.status, 503);
  EXPECT_EQ(answer.body, "down for maintenance");
  EXPECT_TRUE(trail.empty());
  TestResponse pages = client.get("/api/p/maintenance");
  EXPECT_EQ(pages.status, 503);
  EXPECT_EQ(pages.body, "down for maintenance");
  EXPECT_EQ(pages.header("content-type"), "text/plain; charset=utf-8");
}

TEST_F(Wrap, ExceptionInAWrappedSyncHandlerIs500) {
  ::testing::internal::CaptureStderr();
  TestResponse answer = client.post("/a/sync", "", bearer);
  TestResponse pages = client.get("/api/p/throws");
  app.log().flush();  // lines reach stderr from the logger's writer
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(answer.status, 500);
  EXPECT_EQ(answer.body, R"({"error":"Internal Server Error"})");
  EXPECT_EQ(pages.status, 500);
  EXPECT_EQ(pages.body, R"({"error":"Internal Server Error"})");
  EXPECT_EQ(trail, (std::vector<std::string>{"before throw"}));
  // The check runs before the handler: no Authorization, no exception.
  expect_unauthorized(client.post("/a/sync", ""));
}

TEST_F(Wrap, HttpErrorFromACheckKeepsItsStatus) {
  TestResponse r = client.del("/a/items/7");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, R"({"error":"conflict in a wrapper"})");
}

TEST_F(Wrap, ChecksMayReadParamsAndBeAsynchronous) {
  EXPECT_EQ(client.get("/a/items/7").body, "item 7");
  EXPECT_EQ(client.get("/a/items/8").status, 403);
  EXPECT_EQ(client.get("/a/items/7", {{"x-deny", "1"}}).status, 403);
  EXPECT_EQ(client.get("/a/items/7", {{"x-deny", "1"}}).body, "denied");

  EXPECT_EQ(client.get("/api/p/items/7").body, "item 7");
  TestResponse forbidden = client.get("/api/p/items/8");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.body, R"({"error":"Forbidden"})");
  EXPECT_EQ(client.get("/api/p/items/7", {{"x-deny", "1"}}).body, "denied");
}

TEST_F(Wrap, PagesHandlerThatNeverAnswersIsStill500UnderAnAroundWrapper) {
  ::testing::internal::CaptureStderr();
  TestResponse r = client.get("/api/p/silent");
  app.log().flush();  // lines reach stderr from the logger's writer
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"({"error":"API handler returned without sending a response"})");
  EXPECT_EQ(trail, (std::vector<std::string>{"around", "around saw 500"}));
  EXPECT_NE(log.find("GET /api/p/silent"), std::string::npos) << log;
}

http::RequestHead get_head() {
  http::RequestHead head;
  head.method = http::Method::get;
  head.method_token = "GET";
  head.target = head.path = "/x";
  return head;
}

TEST(SendResponse, CopiesStatusHeadersAndBodyAsTheyAre) {
  const http::RequestHead head = get_head();
  Request req(head, "");
  ApiResponse res(req);
  res.set_header("X-Kept", "1").set_header("set-cookie", "old=1");
  res.send_response(Response::text("hi", 418).set_cookie("a", "1").set_cookie("b", "2"));
  EXPECT_TRUE(res.ended());
  EXPECT_EQ(res.status_code(), 418);
  EXPECT_EQ(res.body(), "hi");
  EXPECT_EQ(res.get_header("x-kept"), "1");
  EXPECT_EQ(res.get_header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(res.get_header_values("set-cookie"),
            (std::vector<std::string_view>{"a=1", "b=2"}));  // replaced, both kept
  EXPECT_FALSE(res.has_header("etag"));

  ::testing::internal::CaptureStderr();
  res.send("second");              // the first answer stands
  spur::default_logger().flush();  // lines reach stderr from the logger's writer
  ::testing::internal::GetCapturedStderr();
  Response out = detail::ApiResponseAccess::take_response(res);
  EXPECT_EQ(out.status(), 418);
  EXPECT_EQ(out.body(), "hi");
}

TEST(SendResponse, ReadsAFileBody) {
  char path[] = "/tmp/spur_wrap_test_XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::unlink(path);
  ASSERT_EQ(::write(fd, "0123456789", 10), 10);
  Response file(200);
  file.file_body(FileBody{std::make_shared<FileHandle>(fd), 2, 5});
  const http::RequestHead head = get_head();
  Request req(head, "");
  ApiResponse res(req);
  res.send_response(std::move(file));
  EXPECT_EQ(res.body(), "23456");
}

TEST(ToRouteHandler, SyncExceptionsBecomeTheTasksException) {
  const http::RequestHead head = get_head();
  Request req(head, "");
  Params params;
  RouteHandler h = to_route_handler(get_throws);
  Async<Response> task = h(req, params);  // nothing runs yet
  EXPECT_THROW(test::run_now(std::move(task)), std::runtime_error);

  RouteHandler again = to_route_handler(h);  // a RouteHandler is kept as it is
  Async<Response> ok = to_route_handler([] { return Response::text("hi"); })(req, params);
  EXPECT_EQ(test::run_now(std::move(ok)).body(), "hi");
}

TEST(ToRouteHandler, WrappersAreConstantExpressionsAndHandlersKeepTheirShape) {
  static constexpr auto check =
      wrapper([](const Request&) -> std::optional<Response> { return std::nullopt; });
  static_assert(std::same_as<decltype(check(get_sync)), RouteHandler>);
  static_assert(std::same_as<decltype(check(get_async)), RouteHandler>);
  static_assert(std::same_as<decltype(check(pages_sync)), PagesHandler>);
  static_assert(std::same_as<decltype(check(pages_async)), PagesHandler>);
  static_assert(std::same_as<decltype(with_status_header(check(get_sync))), RouteHandler>);
  static_assert(std::same_as<decltype(with_status_header(check(pages_sync))), PagesHandler>);
  static_assert(detail::AppCallable<const RouteHandler>);
  static_assert(AsyncPagesHandler<const PagesHandler>);
  SUCCEED();
}

}  // namespace
