// once(): the first delivery of an id runs, a redelivery after done() does
// not, one that arrives while the first runs is told to retry (409), and a
// first delivery that fails releases the id so the retry runs the work.
#include "spur/webhooks/once.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "spur/core/http_error.hpp"

namespace spur::webhooks {
namespace {

TEST(Once, ARedeliveryAfterDoneIsSkipped) {
  Claim first = once("evt_once_1");
  ASSERT_TRUE(first);
  first.done();
  EXPECT_TRUE(first);  // still the first delivery
  EXPECT_FALSE(once("evt_once_1"));
  EXPECT_FALSE(once("evt_once_1"));
  EXPECT_TRUE(once("evt_once_2"));
}

TEST(Once, ADeliveryWhileTheFirstRunsIsToldToRetry) {
  Claim first = once("evt_once_busy");
  ASSERT_TRUE(first);
  try {
    (void)once("evt_once_busy");
    ADD_FAILURE() << "no 409";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 409);
    EXPECT_EQ(e.retry_after(), std::chrono::seconds(1));
  }
  first.done();
  EXPECT_FALSE(once("evt_once_busy"));
}

TEST(Once, AFailedFirstDeliveryLeavesTheIdToTheRetry) {
  try {
    Claim claim = once("evt_once_fail");
    ASSERT_TRUE(claim);
    throw std::runtime_error("the side effect failed");
  } catch (const std::runtime_error&) {
  }
  Claim retry = once("evt_once_fail");
  EXPECT_TRUE(retry);
  retry.done();
  EXPECT_FALSE(once("evt_once_fail"));
}

TEST(Once, AMovedClaimIsDoneOnce) {
  Claim a = once("evt_once_move");
  Claim b = std::move(a);
  EXPECT_TRUE(b);
  b.done();
  EXPECT_FALSE(once("evt_once_move"));
}

TEST(Once, IdsExpireAfterTheirKeep) {
  Claim claim = once("evt_once_short", std::chrono::seconds(0));
  claim.done();
  EXPECT_TRUE(once("evt_once_short", std::chrono::seconds(0)));
}

TEST(Once, AnEmptyIdIsRefused) {
  try {
    (void)once("");
    ADD_FAILURE();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 400);
  }
}

TEST(Once, ExactlyOneOfManyConcurrentDeliveriesRuns) {
  std::atomic<int> ran{0};
  std::atomic<int> busy{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        try {
          Claim c = once("evt_race_" + std::to_string(i));
          if (c) {
            ++ran;
            c.done();
          }
        } catch (const HttpError&) {
          ++busy;  // another thread held it: a sender would retry and be skipped
        }
      }
    });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ran.load(), 200);
  for (int i = 0; i < 200; ++i) EXPECT_FALSE(once("evt_race_" + std::to_string(i)));
}

TEST(Once, TheOldestIdsMakeRoomBeyondTheCap) {
  for (std::size_t i = 0; i <= max_ids; ++i) once("evt_cap_" + std::to_string(i)).done();
  EXPECT_TRUE(once("evt_cap_0"));  // dropped to make room
  EXPECT_FALSE(once("evt_cap_" + std::to_string(max_ids)));
}

}  // namespace
}  // namespace spur::webhooks
