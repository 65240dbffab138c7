#pragma once
// SQL from a handler, without blocking its worker: each call is one unit of
// work run on a database thread, and the handler resumes on its own worker
// with the result.
//   struct Post { std::int64_t id; std::string title; std::optional<std::string> content; };
//   BOOST_DESCRIBE_STRUCT(Post, (), (id, title, content))
//
//   std::vector<Post> posts = co_await db::query<Post>("SELECT * FROM posts ORDER BY id DESC LIMIT
//   ?", 20); std::optional<Post> post = co_await db::query_one<Post>("SELECT * FROM posts WHERE id
//   = ?", id); std::int64_t changed = co_await db::exec("UPDATE posts SET title = ? WHERE id = ?",
//   title, id); Post created = co_await db::transaction([&](db::Tx& tx) {   // BEGIN IMMEDIATE …
//   COMMIT
//     tx.exec("INSERT INTO posts (title) VALUES (?)", title);
//     return *tx.query_one<Post>("SELECT * FROM posts WHERE id = last_insert_rowid()");
//   });                                                        // a throw rolls back
// Errors: see db/error.hpp (a unique violation answers 409, and so on).
#include <boost/describe/class.hpp>
#include <coroutine>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "spur/core/async.hpp"
#include "spur/core/sleep.hpp"
#include "spur/db/database.hpp"
#include "spur/db/error.hpp"
#include "spur/db/result.hpp"
#include "spur/db/value.hpp"

namespace spur::db {

namespace detail {

// The parameters of a call, as the database binds them.
template <Bindable... Args>
std::vector<Value> values(const Args&... args) {
  std::vector<Value> out;
  out.reserve(sizeof...(Args));
  (out.push_back(to_value(args)), ...);
  return out;
}

// The first of `rows`, or nullopt when there is none: what query_one answers.
template <typename T>
std::optional<T> first_row(std::vector<T> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace detail

// A transaction's statements, run in order on the writer's thread inside
// transaction(): synchronous, because the whole transaction is one unit of
// work there (no other request's statement can come between them).
class Tx {
 public:
  explicit Tx(Connection& connection) noexcept : connection_(&connection) {}

  template <typename T, Bindable... Args>
  std::vector<T> query(std::string_view sql, const Args&... args) {
    return read_rows<T>(connection_->run(sql, detail::values(args...)));
  }
  template <typename T, Bindable... Args>
  std::optional<T> query_one(std::string_view sql, const Args&... args) {
    return detail::first_row(query<T>(sql, args...));
  }
  template <Bindable... Args>
  std::int64_t exec(std::string_view sql, const Args&... args) {
    return connection_->run(sql, detail::values(args...)).changes;
  }

 private:
  Connection* connection_;
};

namespace detail {

// Runs a job on a database connection and resumes the awaiting handler on
// its own worker with the job's result or exception (a short read runs on
// the worker itself: Database::run_here).
template <typename R>
class [[nodiscard]] Work final {
 public:
  using Job = std::function<R(Connection&)>;
  Work(Access access, Job job) : access_(access), job_(std::move(job)) {}

  // A short read runs here and now, on the worker's own connection; a read
  // the engine stops (too much work, a lock) and every write go to the
  // database's threads in await_suspend.
  bool await_ready() {
    if (access_ != Access::read || !spur::detail::current_scheduler()) return false;
    try {
      return current().run_here(
          [this](Connection& connection) { result_.emplace(job_(connection)); });
    } catch (...) {
      error_ = std::current_exception();
      return true;
    }
  }
  // Throws std::logic_error outside a server worker (or test client) thread.
  bool await_suspend(std::coroutine_handle<> h) {
    spur::detail::Scheduler* home = spur::detail::current_scheduler();
    if (!home) throw std::logic_error("spur::db awaited outside a server worker thread");
    const bool queued = current().submit(access_, [this, h, home](Connection& connection) {
      try {
        result_.emplace(job_(connection));
      } catch (...) {
        error_ = std::current_exception();
      }
      home->resume_soon(h);
    });
    if (queued) return true;
    error_ = std::make_exception_ptr(Error(Errc::busy, "Database busy: too many queries queued"));
    return false;
  }
  R await_resume() {
    if (error_) std::rethrow_exception(error_);
    return std::move(*result_);
  }

 private:
  Access access_;
  Job job_;
  std::optional<R> result_;
  std::exception_ptr error_;
};

}  // namespace detail

// The rows of `sql`, read into T by column name (db/result.hpp).
template <typename T, Bindable... Args>
detail::Work<std::vector<T>> query(std::string_view sql, const Args&... args) {
  return {reads_only(sql) ? Access::read : Access::write,
          [sql = std::string(sql), params = detail::values(args...)](Connection& c) {
            return read_rows<T>(c.run(sql, params));
          }};
}

// The first row of `sql`, or nullopt when it has none.
template <typename T, Bindable... Args>
detail::Work<std::optional<T>> query_one(std::string_view sql, const Args&... args) {
  return {reads_only(sql) ? Access::read : Access::write,
          [sql = std::string(sql), params = detail::values(args...)](Connection& c) {
            return detail::first_row(read_rows<T>(c.run(sql, params)));
          }};
}

// Runs `sql` on the writer; the rows it inserted, updated or deleted.
template <Bindable... Args>
detail::Work<std::int64_t> exec(std::string_view sql, const Args&... args) {
  return {Access::write, [sql = std::string(sql), params = detail::values(args...)](Connection& c) {
            return c.run(sql, params).changes;
          }};
}

namespace detail {
// Whether `error` is a serialization failure (db::Error, Errc::serialization).
bool is_serialization_failure(std::exception_ptr error) noexcept;
}  // namespace detail

// How many times transaction() runs fn when the database reports a
// serialization failure, before that failure reaches the handler (503).
inline constexpr int transaction_attempts = 3;

// Runs fn(Tx&) inside BEGIN IMMEDIATE … COMMIT on the writer, as one unit of
// work; an exception from fn rolls back and reaches the handler. Answers
// what fn returns (which must not be void: return a value, e.g. true). On a
// serialization failure (another transaction won a conflict) it rolls back
// and runs fn again, up to transaction_attempts times: keep effects other
// than the transaction's statements out of fn.
template <typename F>
requires std::is_invocable_v<F&, Tx&> &&
    (!std::is_void_v<std::invoke_result_t<F&, Tx&>>)auto transaction(F fn)
        -> detail::Work<std::invoke_result_t<F&, Tx&>> {
  return {Access::write, [fn = std::move(fn)](Connection& c) mutable {
            for (int attempt = 1;; ++attempt) {
              c.run("BEGIN IMMEDIATE", {});
              try {
                Tx tx(c);
                auto result = fn(tx);
                c.run("COMMIT", {});
                return result;
              } catch (...) {
                try {
                  c.run("ROLLBACK", {});
                } catch (...) {  // the failure that matters is the first
                }
                if (attempt == transaction_attempts ||
                    !detail::is_serialization_failure(std::current_exception()))
                  throw;
              }
            }
          }};
}

}  // namespace spur::db
