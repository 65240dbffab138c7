#pragma once
// The token buckets behind AppConfig::rate_limit: one per key (a client
// address or a header's value), holding `requests` tokens and refilled
// continuously at requests/per; each request takes one token.
//
//   RateLimiter limiter(RateLimit{.requests = 100, .per = std::chrono::minutes(1)});
//   auto d = limiter.take(client_address, RateLimiter::Clock::now());
//   if (!d.allowed) → 429 with Retry-After: d.retry_after
//
// Safe to share between worker threads: keys are spread over 16 shards, each
// with its own lock. Memory stays bounded: a bucket that has refilled
// completely is forgotten (a new one starts full, so nothing is lost), and at
// most `max_keys` buckets are kept, the least recently used going first.
#include <array>
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "spur/builtins/options.hpp"

namespace spur::detail {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // A bucket holds at least one token, so a rate below one request per `per`
  // (requests = 0.5) still lets one through every per/requests. Throws
  // std::invalid_argument unless requests is finite and positive and per > 0.
  // `max_keys` is shared evenly by the shards (at least one bucket each).
  explicit RateLimiter(const RateLimit& options, std::size_t max_keys = 65536);

  struct Decision {
    bool allowed;
    double remaining;                  // tokens left, fractional while refilling
    std::chrono::seconds retry_after;  // 0 when allowed; else until one token, rounded up
    std::chrono::seconds reset;        // until the bucket is full again, rounded up
  };

  // Takes a token from `key`'s bucket as of `now`, if it has one. Times from
  // several threads may arrive slightly out of order; an earlier `now` than
  // the bucket's last one refills nothing.
  Decision take(std::string_view key, Clock::time_point now);

  // The number of buckets kept.
  std::size_t size() const;

 private:
  struct Bucket {
    std::string key;
    double tokens;
    Clock::time_point updated;
    Clock::time_point full_at;  // when refilling would reach capacity
  };
  // Buckets in a list ordered by last update, most recent first, so both the
  // refilled and the least recently used are found at its back in O(1).
  struct alignas(64) Shard {  // one cache line per lock: no false sharing
    mutable std::mutex mutex;
    std::list<Bucket> recent;
    std::unordered_map<std::string_view, std::list<Bucket>::iterator> index;  // keys in `recent`
  };
  static constexpr std::size_t shard_count = 16;

  Shard& shard_for(std::string_view key) noexcept;
  // How long refilling `tokens` takes.
  std::chrono::nanoseconds refill_time(double tokens) const noexcept;

  double capacity_;
  double requests_;
  double per_ns_;
  std::size_t max_per_shard_;
  std::array<Shard, shard_count> shards_;
};

// The bucket a request draws from: the header's value when the limit is keyed
// on one and the request sends it (values over 64 bytes are stored as their
// SHA-256, so a bucket costs little however long the header), else the client
// address, IPv6 addresses by their /64 (one customer's network, which holds
// 2^64 addresses).
std::string rate_limit_key(const RateLimit& options, std::string_view client_address,
                           std::optional<std::string_view> header_value);

}  // namespace spur::detail
