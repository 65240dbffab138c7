#pragma once
// What can go wrong in the database, and what the client sees, decided here
// once: a db::Error is an HttpError, so a handler that does not catch it
// answers with the right status on its own.
//   unique or foreign-key violation → 409 naming the column or constraint
//   NOT NULL or CHECK violation     → 400 naming the column or constraint
//   busy, queue full                → 503 with Retry-After
//   serialization failure           → retried by transaction(); then 503 with Retry-After
//   statement timeout               → 504
// Anything else is a db::Failure: a 500 whose detail goes to the log (and to
// the error page in `spur dev`), never to the client.
#include <stdexcept>
#include <string>

#include "spur/core/http_error.hpp"

namespace spur::db {

enum class Errc {
  unique_violation,
  foreign_key_violation,
  not_null_violation,
  check_violation,
  busy,     // the database stayed locked past the busy timeout, or its queue is full
  timeout,  // a statement ran past its time limit
  // The transaction conflicted with another and must run again (SQLite:
  // SQLITE_BUSY_SNAPSHOT; PostgreSQL: 40001, 40P01). transaction() retries it.
  serialization,
};

// The HTTP status the client gets for `code`.
int status_of(Errc code) noexcept;

class Error : public HttpError {
 public:
  Error(Errc code, const std::string& message);
  Errc code() const noexcept { return code_; }

 private:
  Errc code_;
};

class Failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace spur::db
