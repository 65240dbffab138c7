// run_pages_route and to_pages_handler: sync and Async handlers, wrappers in
// the withAuth style (secret_* recordings), handlers that never answer, and
// exceptions.
#include "spur/pages/pages_route.hpp"

#include <gtest/gtest.h>

#include <coroutine>
#include <stdexcept>
#include <string>

#include "pages_test_util.hpp"

namespace spur {
namespace {

using test::header;
using test::run;
using test::TestRequest;

TEST(PagesRoute, HandlerThatNeverEndsIs500) {
  TestRequest req("GET", "/api/forgetful");
  testing::internal::CaptureStderr();
  Response r = run(to_pages_handler([](ApiRequest&, ApiResponse& res) { res.status(201); }), req);
  spur::default_logger().flush();  // lines reach stderr from the logger's writer
  std::string log = testing::internal::GetCapturedStderr();
  EXPECT_EQ(r.status(), 500);
  EXPECT_EQ(r.body(), R"({"error":"API handler returned without sending a response"})");
  EXPECT_EQ(header(r, "content-type"), "application/json");
  EXPECT_NE(log.find("GET /api/forgetful"), std::string::npos) << log;
}

Async<std::string> load_name(std::string id) { co_return "User " + id; }

Async<void> async_user(ApiRequest& req, ApiResponse& res) {
  std::string name = co_await load_name(std::string(req.query["id"]));
  res.status(200).json({{"id", req.query["id"]}, {"name", name}});
}

TEST(PagesRoute, TaskHandlerAwaitsAnotherTask) {
  TestRequest req("GET", "/api/users/42");
  Response r = run(to_pages_handler(async_user), req, test::params_of({{"id", "42"}}));
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.body(), R"({"id":"42","name":"User 42"})");
  EXPECT_EQ(header(r, "etag"), R"("jgozkf0ki7s")");  // users_id_numeric
}

// Parks the coroutine until the test resumes it: the shape of a handler
// waiting on I/O or a timer.
struct Parked {
  std::coroutine_handle<>* slot;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) const noexcept { *slot = h; }
  void await_resume() const noexcept {}
};

TEST(PagesRoute, SuspendedHandlerFinishesWhenResumed) {
  std::coroutine_handle<> parked;
  const PagesHandler handler = [&](ApiRequest&, ApiResponse& res) -> Async<void> {
    co_await Parked{&parked};
    res.send("later");
  };
  TestRequest req("GET", "/api/slow");
  const router::Params params;
  const ApiConfig config;
  test::Loop loop;
  std::optional<detail::Outcome<Response>> outcome;
  loop.start(run_pages_route(handler, req.request(), params, config), outcome);
  EXPECT_FALSE(outcome);
  ASSERT_TRUE(parked);
  parked.resume();
  loop.run();
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->get().body(), "later");
}

TEST(PagesRoute, ExceptionsPropagate) {
  TestRequest req("GET", "/api/boom");
  const PagesHandler boom =
      to_pages_handler([](ApiRequest&, ApiResponse&) { throw std::runtime_error("boom"); });
  const router::Params params;
  const ApiConfig config;
  EXPECT_THROW(test::run_now(run_pages_route(boom, req.request(), params, config)),
               std::runtime_error);

  const PagesHandler not_found = [](ApiRequest&, ApiResponse&) -> Async<void> {
    throw HttpError(404, "User not found");
    co_return;
  };
  try {
    test::run_now(run_pages_route(not_found, req.request(), params, config));
    ADD_FAILURE() << "no exception";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 404);
  }
}

void sync_free_function(ApiRequest&, ApiResponse& res) { res.send("free"); }
Async<void> async_free_function(ApiRequest&, ApiResponse& res) {
  res.send("async free");
  co_return;
}
struct Counter {
  int calls = 0;
  void operator()(ApiRequest&, ApiResponse& res) { res.send(std::to_string(++calls)); }
};

TEST(ToPagesHandler, AdaptsEveryCallableShape) {
  TestRequest req("GET", "/");
  EXPECT_EQ(run(to_pages_handler(sync_free_function), req).body(), "free");
  EXPECT_EQ(run(to_pages_handler(&sync_free_function), req).body(), "free");
  EXPECT_EQ(run(to_pages_handler(async_free_function), req).body(), "async free");
  EXPECT_EQ(
      run(to_pages_handler([](ApiRequest&, ApiResponse& res) { res.send("lambda"); }), req).body(),
      "lambda");
  EXPECT_EQ(run(to_pages_handler([](auto&, auto& res) { res.send("generic"); }), req).body(),
            "generic");
  EXPECT_EQ(run(to_pages_handler([](const ApiRequest& q, ApiResponse& res) -> Async<void> {
                  res.send(std::string(q.method()));
                  co_return;
                }),
                req)
                .body(),
            "GET");

  // A stateful callable keeps its state across requests, like a JS closure.
  const PagesHandler counter = to_pages_handler(Counter{});
  EXPECT_EQ(run(counter, req).body(), "1");
  EXPECT_EQ(run(counter, req).body(), "2");
}

TEST(ToPagesHandler, SyncHandlerRunsWhenAwaitedNotWhenCalled) {
  int calls = 0;
  const PagesHandler h = to_pages_handler([&](ApiRequest&, ApiResponse& res) {
    ++calls;
    res.end();
  });
  TestRequest req("GET", "/");
  router::Params params;
  ApiRequest api_req(req.request(), params, nullptr);
  ApiResponse api_res(req.request());
  Async<void> t = h(api_req, api_res);
  EXPECT_EQ(calls, 0);
  test::run_now(std::move(t));
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(api_res.ended());
}

// lib/withAuth.ts in C++: any handler in, a PagesHandler out.
template <typename F>
PagesHandler with_auth(F&& inner) {
  return [next = to_pages_handler(std::forward<F>(inner))](ApiRequest& req,
                                                           ApiResponse& res) -> Async<void> {
    std::optional<std::string_view> auth = req.header("authorization");
    if (!auth || auth->empty()) {
      res.status(401).json({{"message", "Unauthorized"}});
      co_return;
    }
    co_await next(req, res);
  };
}

// pages/api/secret.ts
void secret(ApiRequest&, ApiResponse& res) { res.status(200).json({{"ok", true}}); }

TEST(WithAuth, RecordedSecretCases) {
  const PagesHandler handler = with_auth(secret);
  struct Case {
    const char* name;
    std::vector<std::pair<std::string, std::string>> headers;
    int status;
    const char* body;
    const char* etag;
  };
  for (const Case& c : {
           Case{"secret_no_auth_401", {}, 401, R"({"message":"Unauthorized"})", R"("hwxzxeosy8q")"},
           Case{"secret_empty_auth_401",
                {{"Authorization", ""}},
                401,
                R"({"message":"Unauthorized"})",
                R"("hwxzxeosy8q")"},
           Case{"secret_bearer",
                {{"Authorization", "Bearer token123"}},
                200,
                R"({"ok":true})",
                R"("w6gfy8q1ypb")"},
           Case{"secret_invalid_scheme",
                {{"Authorization", "garbage"}},
                200,
                R"({"ok":true})",
                R"("w6gfy8q1ypb")"},
       }) {
    SCOPED_TRACE(c.name);
    TestRequest req("GET", "/api/secret", c.headers);
    Response r = run(handler, req);
    EXPECT_EQ(r.status(), c.status);
    EXPECT_EQ(r.body(), c.body);
    EXPECT_EQ(header(r, "etag"), c.etag);
  }
}

TEST(WithAuth, WrapsAsyncHandlersAndOtherWrappers) {
  const PagesHandler handler = with_auth(with_auth(async_user));
  TestRequest req("GET", "/api/users/7", {{"Authorization", "Bearer x"}});
  Response r = run(handler, req, test::params_of({{"id", "7"}}));
  EXPECT_EQ(r.body(), R"({"id":"7","name":"User 7"})");
}

}  // namespace
}  // namespace spur
