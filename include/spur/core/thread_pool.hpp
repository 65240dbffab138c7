#pragma once
// The threads behind spur::offload: plain threads around one locked queue.
// Jobs are blocking work by definition, so a simple queue is not the
// bottleneck. Owned by the server (ServerOptions::offload_threads) or the
// test client; joined when its owner goes.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace spur::detail {

class ThreadPool final {
 public:
  // `threads` workers (at least one); at most `max_queued` jobs wait for one.
  explicit ThreadPool(std::size_t threads, std::size_t max_queued = 1024);
  // Runs the jobs already queued, then joins.
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Thread-safe. False (and `job` dropped) when the queue is full.
  [[nodiscard]] bool submit(std::function<void()> job);
  std::size_t size() const noexcept { return threads_.size(); }

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::size_t max_queued_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace spur::detail
