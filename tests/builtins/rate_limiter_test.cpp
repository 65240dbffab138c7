// Token buckets per client, driven by explicit time points: what a client
// sees after a burst, while refilling, and under concurrency and key floods.
#include "builtins/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace spur::detail {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

const Clock::time_point t0 = Clock::time_point{} + 1000h;

TEST(RateLimiter, BurstThenDenied) {
  RateLimiter limiter(RateLimit{.requests = 5, .per = 10s});
  for (int i = 0; i < 5; ++i) {
    RateLimiter::Decision d = limiter.take("client", t0);
    EXPECT_TRUE(d.allowed) << i;
    EXPECT_DOUBLE_EQ(d.remaining, 4 - i);
    EXPECT_EQ(d.retry_after, 0s);
  }
  RateLimiter::Decision d = limiter.take("client", t0);
  EXPECT_FALSE(d.allowed);
  EXPECT_DOUBLE_EQ(d.remaining, 0);
  EXPECT_EQ(d.retry_after, 2s);  // one token every 10 s / 5
  EXPECT_EQ(d.reset, 10s);
  EXPECT_FALSE(limiter.take("client", t0 + 1s).allowed);
}

TEST(RateLimiter, OneTokenPerInterval) {
  RateLimiter limiter(RateLimit{.requests = 100, .per = 1min});
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(limiter.take("k", t0).allowed);
  // One token takes 600 ms: a nanosecond early is still too early, and the
  // wait rounds up to a whole second.
  RateLimiter::Decision early = limiter.take("k", t0 + 600ms - 1ns);
  EXPECT_FALSE(early.allowed);
  EXPECT_EQ(early.retry_after, 1s);
  EXPECT_TRUE(limiter.take("k", t0 + 600ms).allowed);
  EXPECT_FALSE(limiter.take("k", t0 + 600ms).allowed);
  EXPECT_TRUE(limiter.take("k", t0 + 1200ms).allowed);
}

TEST(RateLimiter, RefillStopsAtCapacity) {
  RateLimiter limiter(RateLimit{.requests = 3, .per = 1s});
  for (int i = 0; i < 3; ++i) limiter.take("k", t0);
  // An hour idle buys the same burst as a fresh client, not 3 × 3600.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.take("k", t0 + 1h).allowed);
  EXPECT_FALSE(limiter.take("k", t0 + 1h).allowed);
}

TEST(RateLimiter, KeysAreIndependent) {
  RateLimiter limiter(RateLimit{.requests = 2, .per = 1min});
  EXPECT_TRUE(limiter.take("a", t0).allowed);
  EXPECT_TRUE(limiter.take("a", t0).allowed);
  EXPECT_FALSE(limiter.take("a", t0).allowed);
  RateLimiter::Decision b = limiter.take("b", t0);
  EXPECT_TRUE(b.allowed);
  EXPECT_DOUBLE_EQ(b.remaining, 1);
  EXPECT_TRUE(limiter.take("", t0).allowed);  // an empty key is a key too
}

TEST(RateLimiter, RemainingAndResetWhileRefilling) {
  RateLimiter limiter(RateLimit{.requests = 10, .per = 1min});  // a token per 6 s
  RateLimiter::Decision d = limiter.take("k", t0);
  EXPECT_DOUBLE_EQ(d.remaining, 9);
  EXPECT_EQ(d.reset, 6s);
  d = limiter.take("k", t0);
  EXPECT_DOUBLE_EQ(d.remaining, 8);
  EXPECT_EQ(d.reset, 12s);
  // 3 s later half a token is back: 8.5 before this request, 7.5 after.
  d = limiter.take("k", t0 + 3s);
  EXPECT_DOUBLE_EQ(d.remaining, 7.5);
  EXPECT_EQ(d.reset, 15s);
  // 100 ms later: 7.5 + 1/60 - 1 tokens, 3.48… short of full: 20.9 s, rounded up.
  d = limiter.take("k", t0 + 3s + 100ms);
  EXPECT_EQ(d.reset, 21s);
}

TEST(RateLimiter, FractionalRequests) {
  // Half a request a minute: one every two minutes (a bucket holds one token).
  RateLimiter slow(RateLimit{.requests = 0.5, .per = 1min});
  RateLimiter::Decision d = slow.take("k", t0);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reset, 120s);
  d = slow.take("k", t0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 120s);
  EXPECT_EQ(slow.take("k", t0 + 119s).retry_after, 1s);
  EXPECT_TRUE(slow.take("k", t0 + 120s).allowed);

  // 2.5 per 10 s: a burst of two, then the half token left needs 2 s more.
  RateLimiter odd(RateLimit{.requests = 2.5, .per = 10s});
  EXPECT_TRUE(odd.take("k", t0).allowed);
  EXPECT_TRUE(odd.take("k", t0).allowed);
  d = odd.take("k", t0);
  EXPECT_FALSE(d.allowed);
  EXPECT_DOUBLE_EQ(d.remaining, 0.5);
  EXPECT_EQ(d.retry_after, 2s);
  EXPECT_EQ(d.reset, 8s);
  EXPECT_TRUE(odd.take("k", t0 + 2s).allowed);
}

TEST(RateLimiter, EarlierTimeRefillsNothing) {
  // Worker threads read the clock before taking the lock, so times may
  // arrive slightly out of order.
  RateLimiter limiter(RateLimit{.requests = 1, .per = 10s});
  EXPECT_TRUE(limiter.take("k", t0 + 5s).allowed);
  RateLimiter::Decision d = limiter.take("k", t0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after, 10s);
  EXPECT_TRUE(limiter.take("k", t0 + 15s).allowed);
}

TEST(RateLimiter, InvalidOptionsThrow) {
  EXPECT_THROW(RateLimiter(RateLimit{.requests = 0}), std::invalid_argument);
  EXPECT_THROW(RateLimiter(RateLimit{.requests = -1}), std::invalid_argument);
  EXPECT_THROW(RateLimiter(RateLimit{.requests = std::numeric_limits<double>::quiet_NaN()}),
               std::invalid_argument);
  EXPECT_THROW(RateLimiter(RateLimit{.requests = 1, .per = 0ms}), std::invalid_argument);
}

TEST(RateLimiter, ConcurrentTakesNeverOverspend) {
  RateLimiter limiter(RateLimit{.requests = 100, .per = 1min});
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        if (limiter.take("shared", t0).allowed) ++allowed;
        // Other keys in flight at the same time, in this and other shards.
        limiter.take("own-" + std::to_string(t) + "-" + std::to_string(i % 50), t0);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 100);
}

TEST(RateLimiter, RefilledBucketsAreForgotten) {
  // One request per client per second; a new client every millisecond. Only
  // clients of the last second (about 1000) still have a bucket that is not
  // full, whatever the total.
  RateLimiter limiter(RateLimit{.requests = 1, .per = 1s});
  std::size_t most = 0;
  for (int i = 0; i < 200'000; ++i) {
    ASSERT_TRUE(limiter.take("client-" + std::to_string(i), t0 + i * 1ms).allowed);
    most = std::max(most, limiter.size());
  }
  EXPECT_LE(most, 1100u);
  EXPECT_GE(most, 1000u);
  // Once every bucket has refilled, the next take clears its shard.
  limiter.take("late", t0 + 1h);
  EXPECT_LT(limiter.size(), 1100u);
}

TEST(RateLimiter, KeyFloodIsCapped) {
  // All at one instant, so nothing refills: only the cap bounds memory.
  RateLimiter limiter(RateLimit{.requests = 10, .per = 1min}, 1024);
  for (int i = 0; i < 200'000; ++i) limiter.take("flood-" + std::to_string(i), t0);
  EXPECT_LE(limiter.size(), 1024u);
  EXPECT_GT(limiter.size(), 512u);
  // The most recently used buckets are the ones kept.
  EXPECT_DOUBLE_EQ(limiter.take("flood-199999", t0).remaining, 8);
}

TEST(RateLimiter, DefaultCapBoundsTheDefaultSize) {
  RateLimiter limiter(RateLimit{.requests = 10, .per = 1min});
  for (int i = 0; i < 200'000; ++i) limiter.take(std::to_string(i), t0 + i * 1us);
  EXPECT_LE(limiter.size(), 65536u);
}

}  // namespace
}  // namespace spur::detail

namespace spur::detail {
namespace {

TEST(RateLimitKey, IPv6ClientsShareTheirSlash64) {
  const RateLimit by_address{};
  EXPECT_EQ(rate_limit_key(by_address, "2001:db8:1:2:aaaa::1", std::nullopt),
            rate_limit_key(by_address, "2001:db8:1:2:ffff:1:2:3", std::nullopt));
  EXPECT_NE(rate_limit_key(by_address, "2001:db8:1:2::1", std::nullopt),
            rate_limit_key(by_address, "2001:db8:1:3::1", std::nullopt));
  EXPECT_EQ(rate_limit_key(by_address, "2001:db8:1:2::1", std::nullopt), "n:20010db800010002");
  EXPECT_EQ(rate_limit_key(by_address, "192.0.2.7", std::nullopt), "a:192.0.2.7");
  EXPECT_NE(rate_limit_key(by_address, "192.0.2.7", std::nullopt),
            rate_limit_key(by_address, "192.0.2.8", std::nullopt));
}

TEST(RateLimitKey, LongHeaderValuesAreStoredAsTheirDigest) {
  const RateLimit by_header{.key_header = "x-api-key"};
  EXPECT_EQ(rate_limit_key(by_header, "192.0.2.7", "short-key"), "k:short-key");
  const std::string long_key(16 * 1024, 'k');
  const std::string key = rate_limit_key(by_header, "192.0.2.7", long_key);
  EXPECT_EQ(key.size(), 2u + 64u);  // "h:" and SHA-256 in hex
  EXPECT_NE(key, rate_limit_key(by_header, "192.0.2.7", long_key + "x"));
  // Without the header, the address.
  EXPECT_EQ(rate_limit_key(by_header, "192.0.2.7", std::nullopt), "a:192.0.2.7");
}

}  // namespace
}  // namespace spur::detail
