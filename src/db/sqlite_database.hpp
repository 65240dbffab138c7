#pragma once
// SQLite behind db::Database: one writer connection on its own thread, a few
// reader connections on theirs (WAL lets them read while it writes), and a
// read-only connection per worker for short reads (run_here). Each
// connection belongs to one thread, so SQLite's own mutexes are off; all of
// this process's writes go through the one writer, so "database is locked"
// can only come from another process, and the busy timeout covers that.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "spur/db/database.hpp"

namespace spur::db {

class SqliteDatabase final : public Database {
 public:
  // Opens (creating it if needed) the database file at `path`, or a private
  // in-memory one for ":memory:" (readers then share the writer). Throws
  // db::Failure when it cannot.
  SqliteDatabase(const std::string& path, unsigned readers, std::size_t max_queued);
  ~SqliteDatabase() override;  // runs what is queued, then stops the threads

  bool submit(Access access, std::function<void(Connection&)> job) override;
  // Reads on the calling thread's own read-only connection (opened on its
  // first read), stopped after a budget of work or at a lock.
  bool run_here(const std::function<void(Connection&)>& job) override;

 private:
  struct Queue {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::function<void(Connection&)>> jobs;
    bool stopping = false;
  };
  static void serve(Queue& queue, Connection& connection);

  const std::size_t max_queued_;
  const std::string path_;
  const std::uint64_t id_;  // tells this database's worker connections from another's
  bool reads_here_ = false;
  Queue writes_;
  Queue reads_;
  bool readers_ = false;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<std::thread> threads_;
};

}  // namespace spur::db
