// Next: what comes after a middleware or a wrapper runs once, at most.
#include "spur/core/next.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "async_test_util.hpp"
#include "spur/core/response.hpp"

namespace spur {
namespace {

TEST(Next, RunsWhatFollowsOnce) {
  int runs = 0;
  auto rest = [&]() -> Async<Response> {
    ++runs;
    co_return Response::text("rest");
  };
  Next next = detail::NextAccess::to(rest);
  EXPECT_EQ(test::run_now(next()).body(), "rest");
  EXPECT_EQ(runs, 1);
  EXPECT_THROW((void)next(), std::logic_error);  // the rest cannot run twice
  EXPECT_EQ(runs, 1);
}

TEST(Next, AMovedFromNextRunsNothing) {
  auto rest = []() -> Async<Response> { co_return Response(204); };
  Next next = detail::NextAccess::to(rest);
  Next moved = std::move(next);
  EXPECT_THROW((void)next(), std::logic_error);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(test::run_now(moved()).status(), 204);
}

}  // namespace
}  // namespace spur
