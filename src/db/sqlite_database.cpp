#include "sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "spur/db/error.hpp"

namespace spur::db {
namespace {

// How long a statement waits for another process's lock before `busy` (503).
constexpr int busy_timeout_ms = 5000;
// A read run on a worker (run_here) is stopped after this many thousand
// SQLite virtual-machine steps, a fraction of a millisecond: a point lookup
// takes well under one thousand, a scan of ten thousand rows far more.
constexpr int inline_budget_thousands = 20;

// A read on a worker stopped (budget spent, or a lock met): run it elsewhere.
struct MovedElsewhere {};

enum class Role { writer, reader, worker_reader };

// Hashes std::string and std::string_view alike, so a cached statement is
// found by the caller's SQL text without copying it.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, Role role) : role_(role) {
    const bool writer = role == Role::writer;
    const int flags = (writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
                      SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      throw Failure("db: cannot open " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    // A worker never waits for a lock: the read moves to a database thread.
    sqlite3_busy_timeout(db_, role == Role::worker_reader ? 0 : busy_timeout_ms);
    if (role == Role::worker_reader) sqlite3_progress_handler(db_, 1000, &over_budget, this);
    // WAL: readers never wait for the writer; NORMAL: a commit survives a
    // crash of the process (not of the machine) without an fsync per commit.
    if (writer) execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=NORMAL");
    execute("PRAGMA foreign_keys=ON");
  }
  // Starts the budget of a read run on a worker.
  void start_budget() noexcept { steps_ = 0; }

  ~SqliteConnection() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
  }

  Result run(std::string_view sql, std::span<const Value> params) override {
    sqlite3_stmt* statement = prepare(sql);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{statement};
    const int expected = sqlite3_bind_parameter_count(statement);
    if (expected != static_cast<int>(params.size()))
      throw Failure("db: the statement has " + std::to_string(expected) + " placeholders and " +
                    std::to_string(params.size()) + " values were given: " + std::string(sql));
    for (std::size_t i = 0; i < params.size(); ++i)
      bind(statement, static_cast<int>(i) + 1, params[i]);
    Result result;
    const int columns = sqlite3_column_count(statement);
    result.columns.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c)
      result.columns.emplace_back(sqlite3_column_name(statement, c));
    for (;;) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(sql);
      for (int c = 0; c < columns; ++c) result.cells.push_back(cell(statement, c));
    }
    if (!sqlite3_stmt_readonly(statement)) result.changes = sqlite3_changes64(db_);
    return result;
  }

  void run_script(std::string_view sql) override {
    const std::string text(sql);  // sqlite3_exec wants it NUL-terminated
    char* error = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : sqlite3_errmsg(db_);
      sqlite3_free(error);
      throw Failure("db: " + message);
    }
  }

 private:
  void execute(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw Failure(std::string("db: ") + sql + ": " + message);
    }
  }

  static int over_budget(void* self) {
    return ++static_cast<SqliteConnection*>(self)->steps_ > inline_budget_thousands;
  }

  sqlite3_stmt* prepare(std::string_view sql) {
    auto found = statements_.find(sql);
    if (found != statements_.end()) return found->second;
    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &statement, &tail) != SQLITE_OK)
      fail(sql);
    if (!statement) throw Failure("db: no statement in: " + std::string(sql));
    for (; tail && tail < sql.data() + sql.size(); ++tail)
      if (*tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != '\r' && *tail != ';') {
        sqlite3_finalize(statement);
        throw Failure("db: one statement per call: " + std::string(sql));
      }
    statements_.emplace(std::string(sql), statement);
    return statement;
  }

  static void bind(sqlite3_stmt* s, int i, const Value& v) {
    switch (v.index()) {
      case 0: sqlite3_bind_null(s, i); break;
      case 1: sqlite3_bind_int64(s, i, std::get<std::int64_t>(v)); break;
      case 2: sqlite3_bind_double(s, i, std::get<double>(v)); break;
      case 3: {
        const std::string& text = std::get<std::string>(v);
        sqlite3_bind_text64(s, i, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
        break;
      }
      default: {
        const Bytes& bytes = std::get<Bytes>(v);
        sqlite3_bind_blob64(s, i, bytes.data(), bytes.size(), SQLITE_STATIC);
      }
    }
  }

  static Value cell(sqlite3_stmt* s, int c) {
    switch (sqlite3_column_type(s, c)) {
      case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(s, c));
      case SQLITE_FLOAT: return sqlite3_column_double(s, c);
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
        return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(s, c)));
      }
      case SQLITE_BLOB: {
        const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(s, c));
        return Bytes(data, data + sqlite3_column_bytes(s, c));
      }
      default: return std::monostate{};
    }
  }

  [[noreturn]] void fail(std::string_view sql) {
    const int code = sqlite3_extended_errcode(db_);
    if (role_ == Role::worker_reader &&
        ((code & 0xff) == SQLITE_INTERRUPT || (code & 0xff) == SQLITE_BUSY ||
         (code & 0xff) == SQLITE_LOCKED))
      throw MovedElsewhere{};
    const std::string message = sqlite3_errmsg(db_);
    switch (code) {
      case SQLITE_CONSTRAINT_UNIQUE:
      case SQLITE_CONSTRAINT_PRIMARYKEY: throw Error(Errc::unique_violation, message);
      case SQLITE_CONSTRAINT_FOREIGNKEY: throw Error(Errc::foreign_key_violation, message);
      case SQLITE_CONSTRAINT_NOTNULL: throw Error(Errc::not_null_violation, message);
      case SQLITE_CONSTRAINT_CHECK: throw Error(Errc::check_violation, message);
      case SQLITE_BUSY_SNAPSHOT: throw Error(Errc::serialization, "Database conflict: try again");
      default: break;
    }
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
      throw Error(Errc::busy, "Database busy");
    throw Failure("db: " + message + " (in: " + std::string(sql) + ")");
  }

  Role role_;
  int steps_ = 0;  // thousands of steps of the current read (worker_reader)
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> statements_;
};

// Gives each SqliteDatabase a number no other one in the process reuses.
std::atomic<std::uint64_t> next_database_id{1};

}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path, unsigned readers, std::size_t max_queued)
    : max_queued_(max_queued), path_(path), id_(next_database_id++) {
  const bool in_memory = path == ":memory:";
  reads_here_ = !in_memory;
  if (!in_memory) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  // The writer first: it creates the file and switches it to WAL, which the
  // read-only connections need to find.
  connections_.push_back(std::make_unique<SqliteConnection>(path, Role::writer));
  if (!in_memory)
    for (unsigned i = 0; i < readers; ++i)
      connections_.push_back(std::make_unique<SqliteConnection>(path, Role::reader));
  readers_ = connections_.size() > 1;
  threads_.emplace_back([this] { serve(writes_, *connections_[0]); });
  for (std::size_t i = 1; i < connections_.size(); ++i)
    threads_.emplace_back([this, i] { serve(reads_, *connections_[i]); });
}

SqliteDatabase::~SqliteDatabase() {
  for (Queue* q : {&writes_, &reads_}) {
    std::lock_guard lock(q->mutex);
    q->stopping = true;
    q->ready.notify_all();
  }
  for (std::thread& t : threads_) t.join();
}

bool SqliteDatabase::submit(Access access, std::function<void(Connection&)> job) {
  Queue& q = access == Access::read && readers_ ? reads_ : writes_;
  {
    std::lock_guard lock(q.mutex);
    if (q.jobs.size() >= max_queued_) return false;
    q.jobs.push_back(std::move(job));
  }
  q.ready.notify_one();
  return true;
}

bool SqliteDatabase::run_here(const std::function<void(Connection&)>& job) {
  if (!reads_here_) return false;  // an in-memory database has one connection
  // This thread's connection to the database it last read; one at a time.
  thread_local std::uint64_t owner = 0;
  thread_local std::unique_ptr<SqliteConnection> local;
  if (owner != id_) {
    local.reset();
    local = std::make_unique<SqliteConnection>(path_, Role::worker_reader);
    owner = id_;
  }
  local->start_budget();
  try {
    job(*local);
    return true;
  } catch (const MovedElsewhere&) {
    return false;
  }
}

void SqliteDatabase::serve(Queue& queue, Connection& connection) {
  for (;;) {
    std::function<void(Connection&)> job;
    {
      std::unique_lock lock(queue.mutex);
      queue.ready.wait(lock, [&] { return queue.stopping || !queue.jobs.empty(); });
      if (queue.jobs.empty()) return;  // stopping, and nothing left to run
      job = std::move(queue.jobs.front());
      queue.jobs.pop_front();
    }
    job(connection);  // catches its own exceptions: see db.hpp
  }
}

}  // namespace spur::db
