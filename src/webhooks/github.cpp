#include "spur/webhooks/github.hpp"

#include "signing.hpp"

namespace spur::webhooks::github {
namespace {

constexpr std::string_view prefix = "sha256=";

std::string expected(std::string_view payload, std::string_view secret) {
  return std::string(prefix) + detail::lower_hex(detail::hmac_sha256(secret, payload));
}

}  // namespace

void verify(std::string_view payload, std::string_view header, const Secrets& secrets) {
  const std::vector<std::string>& keys = secrets.get();
  if (header.empty()) throw Refused("No x-hub-signature-256 header was provided");
  // As octokit: the prefix, then exactly 32 bytes of lowercase hex.
  if (!header.starts_with(prefix) || header.size() != prefix.size() + 64)
    throw Refused("The x-hub-signature-256 header is not sha256= and 64 hex digits");
  bool match = false;
  for (const std::string& secret : keys) match |= detail::same(expected(payload, secret), header);
  if (!match)
    throw Refused(
        "No signature matches the payload. Are you passing the raw request body you received "
        "from GitHub?");
}

std::string sign(std::string_view payload, std::string_view secret) {
  return expected(payload, secret);
}

}  // namespace spur::webhooks::github
