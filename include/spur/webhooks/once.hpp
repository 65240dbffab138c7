#pragma once
// Senders deliver an event again when they did not see a 2xx in time, so a
// handler with a side effect keys it on the event's id:
//   auto claim = webhooks::once(event.id);
//   if (!claim) return Response::json({{"received", true}});  // done before
//   fulfil(event);
//   claim.done();                                             // now it counts
// The id counts as handled only once done() is called: a handler that throws
// (or is cancelled) before then releases it, so the sender's retry runs the
// work again instead of being dropped. While one delivery of an id is being
// handled, once() answers another with 409 and Retry-After, and the sender
// retries later.
//
// The ids live in this process (at most max_ids, the oldest dropped first,
// each kept for `keep`); with several instances, give each sender a sticky
// route or keep the ids in the database.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace spur::webhooks {

class Claim {
 public:
  Claim() = default;
  Claim(Claim&& other) noexcept;
  Claim& operator=(Claim&& other) noexcept;
  Claim(const Claim&) = delete;
  Claim& operator=(const Claim&) = delete;
  // Releases the id unless done() was called.
  ~Claim();

  // True for the first delivery of the id; false when it was handled before.
  explicit operator bool() const noexcept { return first_; }
  // The work is done: redeliveries of the id are answered without it.
  void done();

 private:
  friend Claim once(std::string_view id, std::chrono::seconds keep);
  explicit Claim(std::string id, std::chrono::seconds keep)
      : id_(std::move(id)), keep_(keep), first_(true) {}
  void release() noexcept;
  std::string id_;  // while claimed: neither done nor released
  std::chrono::seconds keep_{0};
  bool first_ = false;
};

// Stripe retries for three days; keeping ids as long covers every redelivery.
inline constexpr std::chrono::seconds default_keep = std::chrono::hours(72);
inline constexpr std::size_t max_ids = 100'000;

// Claims `id` (prefix it with the sender's name when ids may collide).
[[nodiscard]] Claim once(std::string_view id, std::chrono::seconds keep = default_keep);

}  // namespace spur::webhooks
