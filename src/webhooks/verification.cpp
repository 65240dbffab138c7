#include "spur/webhooks/verification.hpp"

#include <stdexcept>

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
    throw std::invalid_argument(
        "webhook secret is empty: check the variable the app reads it from");
  return secrets_;
}

Refused::Refused(std::string reason)
    : HttpError(400, "Invalid webhook signature"), reason_(std::move(reason)) {}

}  // namespace spur::webhooks
