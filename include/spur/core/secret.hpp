#pragma once
// A value that must not leak: an API key, a webhook secret. It prints as
// "***" and cannot be turned into JSON (a compile error), so it reaches no
// log line, error body or response by accident; reveal() is the one way to
// its text, and reads as what it is where it is called.
//   struct Env { Secret stripe_webhook_secret; };   // see env.hpp
//   webhooks::stripe::verify(req, env.stripe_webhook_secret);
#include <boost/json/fwd.hpp>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace spur {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  std::string_view reveal() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }

 private:
  std::string value_;
};

std::ostream& operator<<(std::ostream& out, const Secret&);

// Refused by Boost.JSON's conversions, so Response::json(secret) and
// struct members of type Secret do not compile.
void tag_invoke(const boost::json::value_from_tag&, boost::json::value&, const Secret&) = delete;

}  // namespace spur
