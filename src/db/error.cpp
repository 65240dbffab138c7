#include "spur/db/error.hpp"

#include <chrono>
#include <stdexcept>

#include "spur/db.hpp"
#include "spur/db/value.hpp"

namespace spur::db {

int status_of(Errc code) noexcept {
  switch (code) {
    case Errc::unique_violation:
    case Errc::foreign_key_violation: return 409;
    case Errc::not_null_violation:
    case Errc::check_violation: return 400;
    case Errc::busy:
    case Errc::serialization: return 503;
    case Errc::timeout: return 504;
  }
  return 500;
}

namespace {
HttpError http_error_of(Errc code, const std::string& message) {
  if (code == Errc::busy || code == Errc::serialization)
    return HttpError(503, message, std::chrono::seconds(1));
  return HttpError(status_of(code), message);
}
}  // namespace

Error::Error(Errc code, const std::string& message)
    : HttpError(http_error_of(code, message)), code_(code) {}

namespace detail {
bool is_serialization_failure(std::exception_ptr error) noexcept {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    return e.code() == Errc::serialization;
  } catch (...) {
    return false;
  }
}

void throw_unsigned_too_large() {
  throw std::out_of_range("db: an unsigned value above INT64_MAX cannot be stored");
}
}  // namespace detail

}  // namespace spur::db
