// The offload pool's queue is bounded: a full queue refuses the job, and
// co_await offload() then answers 503 with Retry-After at once instead of
// waiting behind every job queued before it.
#include "spur/core/offload.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "async_test_util.hpp"
#include "spur/core/thread_pool.hpp"

namespace spur {
namespace {

TEST(ThreadPool, AFullQueueRefusesTheJob) {
  std::mutex m;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> ran{0};
  {
    detail::ThreadPool pool(1, 2);
    std::atomic<bool> started{false};
    ASSERT_TRUE(pool.submit([&] {
      started = true;
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return release; });
      ++ran;
    }));
    while (!started) std::this_thread::yield();  // the only thread is busy now
    EXPECT_TRUE(pool.submit([&] { ++ran; }));
    EXPECT_TRUE(pool.submit([&] { ++ran; }));
    EXPECT_FALSE(pool.submit([&] { ++ran; }));  // two wait already
    {
      std::lock_guard lock(m);
      release = true;
    }
    cv.notify_all();
  }  // joined: the queued jobs ran
  EXPECT_EQ(ran, 3);
}

// A worker loop whose pool is always full.
class FullPool final : public detail::Scheduler {
 public:
  void resume_after(std::chrono::nanoseconds, std::coroutine_handle<> h) override { h.resume(); }
  void post(std::function<void()> f) override { f(); }
  bool offload(std::function<void()>) override { return false; }
};

TEST(Offload, AFullPoolAnswers503WithRetryAfter) {
  FullPool pool;
  detail::set_current_scheduler(&pool);
  bool ran = false;
  auto handler = [&]() -> Async<int> {
    co_return co_await offload([&] {
      ran = true;
      return 1;
    });
  };
  try {
    test::run_now(handler());
    ADD_FAILURE() << "no exception";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 503);
    EXPECT_EQ(e.retry_after(), std::chrono::seconds(1));
  }
  detail::set_current_scheduler(nullptr);
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace spur
