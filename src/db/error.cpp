#include "spur/db/error.hpp"

#include <chrono>
#include <stdexcept>

#include "spur/db/value.hpp"

namespace spur::db {

int status_of(Errc code) noexcept {
  switch (code) {
    case Errc::unique_violation:
    case Errc::foreign_key_violation: return 409;
    case Errc::not_null_violation:
    case Errc::check_violation: return 400;
    case Errc::busy: return 503;
    case Errc::timeout: return 504;
  }
  return 500;
}

namespace {
HttpError http_error_of(Errc code, const std::string& message) {
  if (code == Errc::busy) return HttpError(503, message, std::chrono::seconds(1));
  return HttpError(status_of(code), message);
}
}  // namespace

Error::Error(Errc code, const std::string& message)
    : HttpError(http_error_of(code, message)), code_(code) {}

namespace detail {
void throw_unsigned_too_large() {
  throw std::out_of_range("db: an unsigned value above INT64_MAX cannot be stored");
}
}  // namespace detail

}  // namespace spur::db
