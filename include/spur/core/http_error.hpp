#pragma once
// The one exception a handler throws to answer with a status:
//   throw spur::HttpError(404, "Post not found");   // → 404 {"error":"Post not found"}
// Its message is meant for the client. Any other exception escaping a handler
// is an internal error: logged with the route, answered 500 with a generic body.
//   throw spur::HttpError(503, "Busy", std::chrono::seconds(1));  // + Retry-After: 1
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

namespace spur {

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  // With a Retry-After (503, 429): when the client may try again.
  HttpError(int status, const std::string& message, std::chrono::seconds retry_after)
      : std::runtime_error(message), status_(status), retry_after_(retry_after) {}
  int status() const noexcept { return status_; }
  std::optional<std::chrono::seconds> retry_after() const noexcept { return retry_after_; }

 private:
  int status_;
  std::optional<std::chrono::seconds> retry_after_;
};

}  // namespace spur
