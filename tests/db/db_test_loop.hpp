#pragma once
// What the db tests share: a worker loop on the test's thread (what the
// database posts back runs there), and a fixture with a fresh database file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "spur/db.hpp"

namespace spur::test {

class Loop final : public detail::Scheduler {
 public:
  void resume_after(std::chrono::nanoseconds, std::coroutine_handle<> h) override {
    post([h] { h.resume(); });
  }
  void post(std::function<void()> f) override {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(f));
    }
    ready_.notify_one();
  }
  bool offload(std::function<void()>) override { return false; }

  // Runs `tasks` to their ends on this thread; rethrows the first failure.
  template <typename T>
  std::vector<T> run_all(std::vector<Async<T>> tasks) {
    detail::set_current_scheduler(this);
    std::vector<std::optional<detail::Outcome<T>>> outcomes(tasks.size());
    std::size_t done = 0;
    for (std::size_t i = 0; i < tasks.size(); ++i)
      detail::spawn(
          std::move(tasks[i]), [this](std::function<void()> f) { post(std::move(f)); },
          [&, i](detail::Outcome<T> o) {
            outcomes[i] = std::move(o);
            ++done;
          });
    while (done < outcomes.size()) {
      std::function<void()> f;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty(); });
        f = std::move(queue_.front());
        queue_.pop_front();
      }
      f();
    }
    detail::set_current_scheduler(nullptr);
    std::vector<T> values;
    for (auto& o : outcomes) values.push_back(o->get());
    return values;
  }
  template <typename T>
  T run(Async<T> task) {
    std::vector<Async<T>> one;
    one.push_back(std::move(task));
    return std::move(run_all(std::move(one)).front());
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
};

// A fresh database file per test, in a temporary folder, as db::current().
class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("spur-db-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    db::use(db::open("file:" + (dir_ / "data.db").string()));  // the folder is created
  }
  void TearDown() override {
    db::use(nullptr);  // joins the database's threads
    std::filesystem::remove_all(dir_);
  }
  std::int64_t exec(std::string sql) { return loop_.run(run_exec(std::move(sql))); }
  static Async<std::int64_t> run_exec(std::string sql) { co_return co_await db::exec(sql); }

  std::filesystem::path dir_;
  Loop loop_;
};

}  // namespace spur::test
