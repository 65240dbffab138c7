#include "spur/webhooks/verification.hpp"

#include <stdexcept>

#include "spur/core/request.hpp"
#include "spur/core/secret.hpp"

namespace spur::webhooks {

Secrets::Secrets(const char* secret) { add(secret == nullptr ? "" : secret); }
Secrets::Secrets(std::string_view secret) { add(secret); }
Secrets::Secrets(const std::string& secret) { add(secret); }
Secrets::Secrets(const Secret& secret) { add(secret.reveal()); }
Secrets::Secrets(std::initializer_list<std::string_view> secrets) {
  for (std::string_view secret : secrets) add(secret);
}
Secrets::Secrets(const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) add(secret);
}

void Secrets::add(std::string_view secret) {
  if (!secret.empty()) secrets_.emplace_back(secret);
}

const std::vector<std::string>& Secrets::get() const {
  if (secrets_.empty())
    throw std::invalid_argument("webhook secret is empty: check the variable the app reads it from");
  return secrets_;
}

Refused::Refused(std::string reason)
    : HttpError(400, "Invalid webhook signature"), reason_(std::move(reason)) {}

namespace detail {

void log_refused(const Request& req, std::string_view scheme, const Refused& refused) {
  std::string line = "webhook refused (";
  line.append(scheme).append("): ").append(refused.reason());
  req.log().warn(line);
}

std::string_view required_header(const Request& req, std::string_view name) {
  std::optional<std::string_view> value = req.header(name);
  if (!value || value->empty()) throw Refused("No " + std::string(name) + " header was provided");
  return *value;
}

}  // namespace detail
}  // namespace spur::webhooks
