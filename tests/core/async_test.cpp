// Async<T> and spawn(), the one way the framework runs a top-level task.
#include "spur/core/async.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "async_test_util.hpp"

namespace spur {
namespace {

Async<int> forty_two() { co_return 42; }
Async<int> add_one() { co_return co_await forty_two() + 1; }
Async<int> throws() {
  throw std::runtime_error("boom");
  co_return 0;
}
Async<void> nothing() { co_return; }

TEST(Async, IsLazyAndFinishesAtOnceWhenNothingSuspends) {
  bool ran = false;
  auto body = [&]() -> Async<int> {
    ran = true;
    co_return 1;
  };
  Async<int> task = body();
  EXPECT_FALSE(ran);  // lazy: nothing runs until spawned or awaited
  EXPECT_EQ(test::run_now(std::move(task)), 1);
  EXPECT_TRUE(ran);
  EXPECT_EQ(test::run_now(add_one()), 43);
}

TEST(Async, PropagatesExceptions) { EXPECT_THROW(test::run_now(throws()), std::runtime_error); }

TEST(Async, VoidTask) { EXPECT_NO_THROW(test::run_now(nothing())); }

// An awaitable that parks the coroutine until the test resumes it: the shape
// of any asynchronous completion.
struct Parked {
  std::coroutine_handle<>* slot;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) const noexcept { *slot = h; }
  void await_resume() const noexcept {}
};

Async<std::string> waits(std::coroutine_handle<>* slot) {
  co_await Parked{slot};
  co_return "resumed";
}

TEST(Spawn, AnEndAfterSuspendingIsPostedNotRunInTheResumersStack) {
  std::coroutine_handle<> slot;
  test::Loop loop;
  std::optional<detail::Outcome<std::string>> outcome;
  loop.start(waits(&slot), outcome);
  ASSERT_FALSE(outcome);
  slot.resume();          // the task finishes here…
  EXPECT_FALSE(outcome);  // …but its end waits for the loop
  EXPECT_EQ(loop.run(), 1);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->get(), "resumed");
}

TEST(Spawn, AnEndWithoutSuspendingIsReportedAtOnce) {
  test::Loop loop;
  std::optional<detail::Outcome<int>> outcome;
  loop.start(add_one(), outcome);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(loop.run(), 0);
  EXPECT_EQ(outcome->get(), 43);
}

TEST(Spawn, ExceptionsArriveInTheOutcome) {
  test::Loop loop;
  std::optional<detail::Outcome<int>> outcome;
  loop.start(throws(), outcome);
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->error);
  EXPECT_THROW(outcome->get(), std::runtime_error);
}

TEST(Spawn, ATaskResumedInsideAnotherSpawnIsStillPosted) {
  // A finish counts as "at once" only inside its own spawn() call.
  std::coroutine_handle<> slot;
  test::Loop loop;
  std::optional<detail::Outcome<std::string>> first;
  loop.start(waits(&slot), first);
  auto resumer = [&]() -> Async<void> {
    slot.resume();
    co_return;
  };
  std::optional<detail::Outcome<void>> second;
  loop.start(resumer(), second);
  EXPECT_TRUE(second);
  EXPECT_FALSE(first);
  loop.run();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->get(), "resumed");
}

TEST(Async, ManyFramesRecycle) {
  // Exercises the per-thread frame cache across sizes and many lifetimes.
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(test::run_now(add_one()), 43);
}

}  // namespace
}  // namespace spur
