#pragma once
// What the three schemes share: the secrets a delivery may be signed with,
// the clock window, and the one failure, Refused, answered 400.
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spur/core/http_error.hpp"

namespace spur {
class Request;
class Secret;
}  // namespace spur

namespace spur::webhooks {

// One secret, or several while one is rotated: a delivery signed with any of
// them verifies. Empty ones are skipped, so an optional second secret can be
// passed as env_or("…_OLD", ""); when every one is empty, verifying throws
// std::invalid_argument (a 500 and a log line: the app is misconfigured, the
// sender is not at fault).
class Secrets {
 public:
  Secrets(const char* secret);  // NOLINT(google-explicit-constructor): reads as a value
  Secrets(std::string_view secret);
  Secrets(const std::string& secret);
  Secrets(const Secret& secret);
  Secrets(std::initializer_list<std::string_view> secrets);
  Secrets(const std::vector<std::string>& secrets);

  // The non-empty secrets; throws std::invalid_argument when there is none.
  const std::vector<std::string>& get() const;

 private:
  void add(std::string_view secret);
  std::vector<std::string> secrets_;
};

struct Options {
  // How far the signed timestamp may be from now (Stripe and Standard
  // Webhooks; GitHub signs no time). Both schemes' libraries use 300 s.
  std::chrono::seconds tolerance{300};
  // The clock; set only in tests.
  std::optional<std::chrono::system_clock::time_point> now;
};

// A delivery that does not verify. The sender is answered 400 with a fixed
// message (nothing for a prober to learn from); reason() is the exact cause
// ("Timestamp outside the tolerance zone", "No signatures found matching the
// expected signature for payload…"), which the request overloads log.
class Refused : public HttpError {
 public:
  explicit Refused(std::string reason);
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string reason_;
};

}  // namespace spur::webhooks
