#include "spur/webhooks/once.hpp"

#include <list>
#include <mutex>
#include <unordered_map>

#include "spur/core/http_error.hpp"

namespace spur::webhooks {
namespace {

using Clock = std::chrono::steady_clock;

// Ids handled (until their expiry) or being handled, oldest first. Shared
// by every worker of the process, hence the lock; a claim takes it twice.
class SeenIds {
 public:
  enum class Outcome { claimed, handled, busy };

  Outcome claim(const std::string& id) {
    std::lock_guard lock(mutex_);
    const Clock::time_point now = Clock::now();
    drop_expired(now);
    if (auto it = index_.find(id); it != index_.end())
      return it->second->in_flight ? Outcome::busy : Outcome::handled;
    if (index_.size() >= max_ids) erase(order_.begin());
    order_.push_back({id, Clock::time_point::max(), true});
    index_.emplace(id, std::prev(order_.end()));
    return Outcome::claimed;
  }

  void finish(const std::string& id, std::chrono::seconds keep) {
    std::lock_guard lock(mutex_);
    auto it = index_.find(id);
    if (it == index_.end()) return;  // dropped to make room meanwhile
    Entry entry = *it->second;
    order_.erase(it->second);
    entry.in_flight = false;
    entry.expires = Clock::now() + keep;
    // Kept in expiry order, so that the front is always the next to expire.
    auto pos = order_.end();
    while (pos != order_.begin() && std::prev(pos)->expires > entry.expires) --pos;
    it->second = order_.insert(pos, std::move(entry));
  }

  void release(const std::string& id) noexcept {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(id); it != index_.end() && it->second->in_flight) erase(it->second);
  }

 private:
  struct Entry {
    std::string id;
    Clock::time_point expires;
    bool in_flight;
  };

  void drop_expired(Clock::time_point now) {
    while (!order_.empty() && !order_.front().in_flight && order_.front().expires <= now)
      erase(order_.begin());
  }
  void erase(std::list<Entry>::iterator it) {
    index_.erase(it->id);
    order_.erase(it);
  }

  std::mutex mutex_;
  std::list<Entry> order_;
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

SeenIds& seen_ids() {
  static SeenIds ids;
  return ids;
}

}  // namespace

Claim::Claim(Claim&& other) noexcept
    : id_(std::exchange(other.id_, std::string())), keep_(other.keep_), first_(other.first_) {}

Claim& Claim::operator=(Claim&& other) noexcept {
  if (this != &other) {
    release();
    id_ = std::exchange(other.id_, std::string());
    keep_ = other.keep_;
    first_ = other.first_;
  }
  return *this;
}

Claim::~Claim() { release(); }

void Claim::done() {
  if (id_.empty()) return;
  seen_ids().finish(id_, keep_);
  id_.clear();
}

void Claim::release() noexcept {
  if (id_.empty()) return;
  seen_ids().release(id_);
  id_.clear();
}

Claim once(std::string_view id, std::chrono::seconds keep) {
  if (id.empty()) throw HttpError(400, "The webhook has no event id");
  std::string key(id);
  switch (seen_ids().claim(key)) {
    case SeenIds::Outcome::claimed: return Claim(std::move(key), keep);
    case SeenIds::Outcome::handled: return Claim();
    case SeenIds::Outcome::busy: break;
  }
  throw HttpError(409, "This event is being handled by another delivery", std::chrono::seconds(1));
}

}  // namespace spur::webhooks
