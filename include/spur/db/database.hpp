#pragma once
// The database an app talks to, without its engine's headers: a Connection
// runs one statement at a time on a database thread, and a Database queues
// units of work (a query, a transaction) for its connections. SQLite is the
// engine today (src/db/sqlite_database.cpp).
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "spur/db/result.hpp"
#include "spur/db/value.hpp"

namespace spur::db {

// One connection, used by one database thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  // Runs `sql` with `params` bound to its `?` placeholders, in order.
  // Throws db::Error or db::Failure.
  virtual Result run(std::string_view sql, std::span<const Value> params) = 0;
  // Runs a script of several statements with no parameters (a migration).
  virtual void run_script(std::string_view sql) = 0;
};

// Whether a unit of work only reads (any reader may take it) or writes (the
// one writer takes it).
enum class Access { read, write };

class Database {
 public:
  virtual ~Database() = default;
  // Queues `job` for a connection of the kind `access` names; false when the
  // queue is full. The job runs on a database thread.
  virtual bool submit(Access access, std::function<void(Connection&)> job) = 0;
  // Runs a read `job` at once, on a connection of the calling thread's own,
  // when the engine can and the read is short: true when it ran (what it
  // throws propagates). False when the caller must submit() it instead: the
  // engine cannot, or the read did more than a small budget of work or met a
  // lock, and was stopped (a read leaves no trace) before it could hold the
  // caller up. This saves a read the trip to a database thread and back.
  virtual bool run_here(const std::function<void(Connection&)>& job) {
    (void)job;
    return false;
  }
};

// Opens the database `url` names: `file:PATH` (as Prisma writes it; relative
// to the current directory) or `file::memory:` for a private in-memory one.
// Throws db::Failure when it cannot be opened.
std::shared_ptr<Database> open(std::string_view url);

// The database db::query() and the others use: the one given to use(), else
// the one DATABASE_URL names, else `file:.spur/data.db` (opened on first use).
Database& current();
void use(std::shared_ptr<Database> database);

// Whether `sql` only reads: it starts with SELECT, VALUES or EXPLAIN (after
// spaces and comments). Anything else goes to the writer.
bool reads_only(std::string_view sql) noexcept;

}  // namespace spur::db
