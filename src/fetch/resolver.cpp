#include "resolver.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "spur/fetch/fetch_error.hpp"

namespace asio = boost::asio;

namespace spur::fetch_detail {
namespace {

using Clock = std::chrono::steady_clock;

struct Answer {
  Endpoints endpoints;
  std::string error;  // empty when resolved
};

Answer lookup(const std::string& host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  addrinfo* list = nullptr;
  const std::string service = std::to_string(port);
  const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
  Answer answer;
  if (rc != 0) {
    answer.error = ::gai_strerror(rc);
    return answer;
  }
  for (addrinfo* a = list; a != nullptr; a = a->ai_next) {
    asio::ip::tcp::endpoint e;
    if (a->ai_addrlen > e.capacity()) continue;
    std::memcpy(e.data(), a->ai_addr, a->ai_addrlen);
    e.resize(a->ai_addrlen);
    answer.endpoints.push_back(e);
  }
  ::freeaddrinfo(list);
  if (answer.endpoints.empty()) answer.error = "no addresses";
  return answer;
}

// Threads started on demand, up to max_resolver_threads, each taking the
// next lookup; they live as long as the process.
class LookupPool {
 public:
  void submit(std::function<void()> job) {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
    if (idle_ == 0 && threads_ < max_resolver_threads) {
      ++threads_;
      std::thread([this] { run(); }).detach();
    } else {
      ready_.notify_one();
    }
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      ++idle_;
      ready_.wait(lock, [this] { return !jobs_.empty(); });
      --idle_;
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::size_t threads_ = 0;
  std::size_t idle_ = 0;
};

LookupPool& pool() {
  static auto* p = new LookupPool;  // never destroyed: detached threads use it
  return *p;
}

struct Cached {
  Endpoints endpoints;
  Clock::time_point expires;
};

class Cache {
 public:
  std::optional<Endpoints> get(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    if (it->second.expires <= Clock::now()) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.endpoints;
  }
  void put(const std::string& key, const Endpoints& endpoints) {
    std::lock_guard lock(mutex_);
    if (entries_.size() > 10'000) entries_.clear();  // a bound, not a policy
    entries_[key] = {endpoints, Clock::now() + resolver_ttl};
  }

 private:
  std::mutex mutex_;
  std::map<std::string, Cached> entries_;
};

Cache& cache() {
  static Cache c;
  return c;
}

// What a lookup hands back to the coroutine waiting on `wake`.
struct Pending {
  explicit Pending(const asio::any_io_executor& ex) : wake(ex) {}
  asio::steady_timer wake;
  std::optional<Answer> answer;
};

}  // namespace

asio::awaitable<Endpoints> resolve(std::string host, std::uint16_t port,
                                   std::chrono::milliseconds timeout) {
  boost::system::error_code ec;
  const asio::ip::address literal = asio::ip::make_address(host, ec);
  if (!ec) co_return Endpoints{asio::ip::tcp::endpoint(literal, port)};
  const std::string key = host + ":" + std::to_string(port);
  if (std::optional<Endpoints> hit = cache().get(key)) co_return *hit;

  const asio::any_io_executor ex = co_await asio::this_coro::executor;
  auto pending = std::make_shared<Pending>(ex);
  pool().submit([pending, host, port, key] {
    Answer answer = lookup(host, port);
    if (answer.error.empty()) cache().put(key, answer.endpoints);
    // Back on the waiting coroutine's loop; dropped if it gave up.
    asio::post(pending->wake.get_executor(), [pending, answer = std::move(answer)]() mutable {
      pending->answer = std::move(answer);
      pending->wake.cancel();
    });
  });
  // The lookup cancels the timer when done; the timer expiring is the
  // timeout; a cancellation of this coroutine (the call's deadline, a client
  // gone) ends the wait at once too.
  pending->wake.expires_after(timeout);
  boost::system::error_code wait_error;
  co_await pending->wake.async_wait(asio::redirect_error(asio::use_awaitable, wait_error));
  if (!pending->answer && !wait_error)
    throw FetchError(FetchError::Kind::timeout, "resolving " + host + " took longer than " +
                                                    std::to_string(timeout.count()) + " ms");
  if (!pending->answer) throw boost::system::system_error(asio::error::operation_aborted);
  if (!pending->answer->error.empty())
    throw FetchError(FetchError::Kind::resolve,
                     "could not resolve " + host + ": " + pending->answer->error);
  co_return std::move(pending->answer->endpoints);
}

}  // namespace spur::fetch_detail
