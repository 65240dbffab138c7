#include "rate_limiter.hpp"

#include <arpa/inet.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "spur/builtins/builtins.hpp"
#include "spur/core/error_boundary.hpp"
#include "spur/text/ascii.hpp"

namespace spur::detail {
namespace {

// Refills are sums of fractions; a bucket that should hold exactly one token
// may hold 0.9999999999999999. Far below anything a client could exploit.
constexpr double rounding_slack = 1e-9;

}  // namespace

RateLimiter::RateLimiter(const RateLimit& options, std::size_t max_keys)
    : capacity_(std::max(1.0, options.requests)),
      requests_(options.requests),
      per_ns_(static_cast<double>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(options.per).count())),
      max_per_shard_(std::max<std::size_t>(1, max_keys / shard_count)) {
  if (!std::isfinite(options.requests) || options.requests <= 0)
    throw std::invalid_argument("rate limit: requests must be a positive number");
  if (options.per.count() <= 0) throw std::invalid_argument("rate limit: per must be positive");
}

RateLimiter::Shard& RateLimiter::shard_for(std::string_view key) noexcept {
  static_assert(shard_count == 16);
  // The shard's map hashes the key with the same function; taking the shard
  // from the top bits of a multiplicative mix keeps the low bits, which the
  // map uses, spread within each shard.
  auto h = static_cast<std::uint64_t>(std::hash<std::string_view>{}(key));
  return shards_[(h * 0x9E3779B97F4A7C15ULL) >> 60];
}

std::chrono::nanoseconds RateLimiter::refill_time(double tokens) const noexcept {
  // Multiplying before dividing keeps whole-token intervals exact (60 s / 100
  // is 600'000'000 ns, not 599'999'999.99…), and rounding to the nearest ns
  // keeps a 60.000000000001 s wait from becoming 61 s once rounded up.
  return std::chrono::nanoseconds(std::llround(tokens * per_ns_ / requests_));
}

RateLimiter::Decision RateLimiter::take(std::string_view key, Clock::time_point now) {
  using std::chrono::seconds;
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);

  // A bucket full again by now says nothing a new one would not. The list is
  // in update order, so this stops at the first still refilling; each bucket
  // is dropped once, so it costs O(1) per take on average.
  while (!shard.recent.empty() && shard.recent.back().full_at <= now) {
    shard.index.erase(shard.recent.back().key);
    shard.recent.pop_back();
  }

  Bucket* bucket;
  if (auto found = shard.index.find(key); found != shard.index.end()) {
    shard.recent.splice(shard.recent.begin(), shard.recent, found->second);
    bucket = &*found->second;
    if (now > bucket->updated) {
      double elapsed_ns = std::chrono::duration<double, std::nano>(now - bucket->updated).count();
      bucket->tokens = std::min(capacity_, bucket->tokens + elapsed_ns * requests_ / per_ns_);
      bucket->updated = now;
    }
  } else {
    if (shard.index.size() >= max_per_shard_) {
      shard.index.erase(shard.recent.back().key);
      shard.recent.pop_back();
    }
    shard.recent.push_front(Bucket{std::string(key), capacity_, now, now});
    try {
      shard.index.emplace(shard.recent.front().key, shard.recent.begin());
    } catch (...) {
      shard.recent.pop_front();
      throw;
    }
    bucket = &shard.recent.front();
  }

  Decision d{};
  if (bucket->tokens >= 1 - rounding_slack) {
    bucket->tokens = std::max(0.0, bucket->tokens - 1);
    d.allowed = true;
    d.retry_after = seconds(0);
  } else {
    d.allowed = false;
    // At least a second: a client told to retry in 0 s would retry at once.
    d.retry_after =
        std::max(seconds(1), std::chrono::ceil<seconds>(refill_time(1 - bucket->tokens)));
  }
  std::chrono::nanoseconds to_full = refill_time(capacity_ - bucket->tokens);
  bucket->full_at = bucket->updated + to_full;
  d.remaining = bucket->tokens;
  d.reset = std::chrono::ceil<seconds>(to_full);
  return d;
}

std::size_t RateLimiter::size() const {
  std::size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.index.size();
  }
  return n;
}

}  // namespace spur::detail

namespace spur::detail {
namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += text::hex_digit(bytes[i] >> 4);
    out += text::hex_digit(bytes[i]);
  }
  return out;
}

}  // namespace

std::string rate_limit_key(const RateLimit& options, std::string_view client_address,
                           std::optional<std::string_view> header_value) {
  if (!options.key_header.empty() && header_value && !header_value->empty()) {
    if (header_value->size() <= 64) return "k:" + std::string(*header_value);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(header_value->data(), header_value->size(), digest, &length, EVP_sha256(), nullptr);
    return "h:" + hex(digest, length);
  }
  in6_addr v6{};
  const std::string address(client_address);
  if (address.find(':') != std::string::npos && ::inet_pton(AF_INET6, address.c_str(), &v6) == 1)
    return "n:" + hex(v6.s6_addr, 8);  // the /64
  return "a:" + address;
}

}  // namespace spur::detail

namespace spur::builtins {

Middleware rate_limit(RateLimit options) {
  // One limiter for every worker: it is sharded and locked for that.
  auto limiter = std::make_shared<detail::RateLimiter>(options);
  return [options = std::move(options), limiter](Request& req, Next next) -> Async<Response> {
    const detail::RateLimiter::Decision limit = limiter->take(
        detail::rate_limit_key(
            options, req.client_address(),
            options.key_header.empty() ? std::nullopt : req.header(options.key_header)),
        detail::RateLimiter::Clock::now());
    std::optional<Response> answer;
    if (!limit.allowed) {
      answer.emplace(detail::error_response(req, 429, "Too Many Requests"));
      answer->set_header("Retry-After", std::to_string(limit.retry_after.count()));
    } else {
      answer.emplace(co_await next());
    }
    answer->set_header("RateLimit-Limit", std::to_string(static_cast<long long>(options.requests)));
    answer->set_header("RateLimit-Remaining",
                       std::to_string(static_cast<long long>(limit.remaining)));
    answer->set_header("RateLimit-Reset", std::to_string(limit.reset.count()));
    co_return std::move(*answer);
  };
}

}  // namespace spur::builtins
