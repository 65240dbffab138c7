#include "spur/core/task.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "spur/core/response.hpp"

namespace spur {
namespace {

Task<int> forty_two() { co_return 42; }
Task<int> add_one() { co_return co_await forty_two() + 1; }
Task<int> throws() {
  throw std::runtime_error("boom");
  co_return 0;
}
Task<void> nothing() { co_return; }

TEST(Task, IsLazyAndCompletesSynchronouslyWhenNothingSuspends) {
  Task<int> t = add_one();
  EXPECT_FALSE(t.done());
  t.start();
  ASSERT_TRUE(t.done());
  EXPECT_EQ(t.result(), 43);
}

TEST(Task, PropagatesExceptions) {
  Task<int> t = throws();
  t.start();
  ASSERT_TRUE(t.done());
  EXPECT_THROW(t.result(), std::runtime_error);
}

TEST(Task, VoidTask) {
  Task<void> t = nothing();
  t.start();
  EXPECT_TRUE(t.done());
  EXPECT_NO_THROW(t.result());
}

// An awaitable that parks the coroutine until the test resumes it: the shape
// of any asynchronous completion.
struct Parked {
  std::coroutine_handle<>* slot;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) const noexcept { *slot = h; }
  void await_resume() const noexcept {}
};

Task<std::string> waits(std::coroutine_handle<>* slot) {
  co_await Parked{slot};
  co_return "resumed";
}

TEST(Task, NotifiesWhenFinishingAsynchronously) {
  std::coroutine_handle<> slot;
  Task<std::string> t = waits(&slot);
  t.start();
  ASSERT_FALSE(t.done());
  int calls = 0;
  t.when_done([](void* c) { ++*static_cast<int*>(c); }, &calls);
  slot.resume();
  EXPECT_EQ(calls, 1);
  ASSERT_TRUE(t.done());
  EXPECT_EQ(t.result(), "resumed");
}

TEST(Task, ManyFramesRecycle) {
  // Exercises the per-thread frame cache across sizes and many lifetimes.
  for (int i = 0; i < 10000; ++i) {
    Task<int> t = add_one();
    t.start();
    ASSERT_EQ(t.result(), 43);
  }
}

TEST(Response, HeadersArePreformattedAndInjectionSafe) {
  Response r = Response::json_text(R"({"a":1})", 201)
                   .header("X-Id", "7")
                   .header("X-Bad", "a\r\nInjected: 1");
  EXPECT_EQ(r.status(), 201);
  EXPECT_EQ(r.header_lines(), "Content-Type: application/json\r\nX-Id: 7\r\nX-Bad: \r\n");
  EXPECT_EQ(r.header_value("x-id"), "7");
  EXPECT_EQ(r.header_value("content-type"), "application/json");
  EXPECT_EQ(r.header_value("missing"), "");
}

}  // namespace
}  // namespace spur
