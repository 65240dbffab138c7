#pragma once
// The one exception a handler throws to answer with a status:
//   throw spur::HttpError(404, "Post not found");   // → 404 {"error":"Post not found"}
// Its message is meant for the client. Any other exception escaping a handler
// is an internal error: logged with the route, answered 500 with a generic body.
#include <stdexcept>
#include <string>

namespace spur {

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  int status() const noexcept { return status_; }

 private:
  int status_;
};

}  // namespace spur
