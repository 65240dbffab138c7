#include "spur/webhooks/standard.hpp"

#include "signing.hpp"

namespace spur::webhooks::standard {
namespace {

constexpr std::string_view secret_prefix = "whsec_";

// The key is the base64 after "whsec_" (a secret without the prefix is
// taken as the base64 alone, as the reference libraries do).
std::string key_of(std::string_view secret) {
  if (secret.starts_with(secret_prefix)) secret.remove_prefix(secret_prefix.size());
  std::optional<std::string> key = detail::decode_base64(secret);
  if (!key || key->empty())
    throw std::invalid_argument(
        "a Standard Webhooks secret is \"whsec_\" and base64; this one does not decode");
  return *key;
}

std::string mac(std::string_view payload, std::string_view id, std::string_view timestamp,
                std::string_view key) {
  std::string signed_text(id);
  signed_text.append(".").append(timestamp).append(".").append(payload);
  const detail::Mac bytes = detail::hmac_sha256(
      std::span(reinterpret_cast<const unsigned char*>(key.data()), key.size()), signed_text);
  return detail::base64(bytes);
}

}  // namespace

void verify(std::string_view payload, std::string_view id, std::string_view timestamp,
            std::string_view signature, const Secrets& secrets, const Options& options) {
  const std::vector<std::string>& keys = secrets.get();
  if (id.empty() || timestamp.empty() || signature.empty())
    throw Refused("Missing required headers (webhook-id, webhook-timestamp, webhook-signature)");
  const std::optional<std::int64_t> t = detail::parse_unix_time(timestamp);
  if (!t) throw Refused("Invalid Signature Headers: the timestamp is not an integer");
  const std::int64_t now = detail::now_seconds(options);
  const std::int64_t tolerance = options.tolerance.count();
  if (*t < now - tolerance) throw Refused("Message timestamp too old");
  if (*t > now + tolerance) throw Refused("Message timestamp too new");
  bool match = false;
  for (const std::string& secret : keys) {
    const std::string expected = mac(payload, id, timestamp, key_of(secret));
    // "v1,<base64> v1,<base64> …": versions other than v1 are skipped.
    std::string_view rest = signature;
    while (!rest.empty()) {
      const std::size_t space = rest.find(' ');
      const std::string_view item = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
      if (item.starts_with("v1,")) match |= detail::same(expected, item.substr(3));
    }
  }
  if (!match) throw Refused("No matching signature found");
}

std::string sign(std::string_view payload, std::string_view id, std::int64_t timestamp,
                 std::string_view secret) {
  return "v1," + mac(payload, id, std::to_string(timestamp), key_of(secret));
}

}  // namespace spur::webhooks::standard
