#include "spur/webhooks/stripe.hpp"

#include <boost/json/parse.hpp>
#include <cctype>
#include <vector>

#include "signing.hpp"

namespace spur::webhooks::stripe {
namespace {

struct Header {
  std::string_view timestamp;
  std::vector<std::string_view> signatures;  // the v1= values
};

// "t=…,v1=…,v1=…,v0=…": every item is key=value; keys other than t and v1
// are ignored (v0 is Stripe's test-mode scheme).
Header parse_header(std::string_view header) {
  Header out;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos || item.find('=', eq + 1) != std::string_view::npos)
      throw Refused("Unable to extract timestamp and signatures from header");
    const std::string_view key = item.substr(0, eq);
    const std::string_view value = item.substr(eq + 1);
    if (key == "t") out.timestamp = value;
    if (key == "v1") out.signatures.push_back(value);
  }
  if (out.timestamp.empty())
    throw Refused("Unable to extract timestamp and signatures from header");
  if (out.signatures.empty()) throw Refused("No signatures found with expected scheme");
  return out;
}

bool has_whitespace(std::string_view s) {
  for (char c : s)
    if (std::isspace(static_cast<unsigned char>(c))) return true;
  return false;
}

std::string expected(std::string_view timestamp, std::string_view payload,
                     std::string_view secret) {
  std::string signed_text(timestamp);
  signed_text += '.';
  signed_text += payload;
  return detail::lower_hex(detail::hmac_sha256(secret, signed_text));
}

}  // namespace

std::int64_t verify(std::string_view payload, std::string_view header, const Secrets& secrets,
                    const Options& options) {
  const std::vector<std::string>& keys = secrets.get();
  if (header.empty()) throw Refused("No stripe-signature header value was provided");
  const Header parsed = parse_header(header);
  const std::optional<std::int64_t> t = detail::parse_unix_time(parsed.timestamp);
  if (!t) throw Refused("Unable to extract timestamp and signatures from header");
  bool match = false;
  for (const std::string& secret : keys) {
    const std::string mac = expected(parsed.timestamp, payload, secret);
    for (std::string_view given : parsed.signatures) match |= detail::same(mac, given);
  }
  if (!match) {
    std::string reason =
        "No signatures found matching the expected signature for payload. Are you passing the "
        "raw request body you received from Stripe?";
    for (const std::string& secret : keys)
      if (has_whitespace(secret)) reason += " The secret contains whitespace.";
    throw Refused(std::move(reason));
  }
  // After the signature, so that an unsigned header learns nothing about the clock.
  const std::int64_t now = detail::now_seconds(options);
  const std::int64_t tolerance = options.tolerance.count();
  if (*t < now - tolerance || *t > now + tolerance)
    throw Refused("Timestamp outside the tolerance zone");
  return *t;
}

std::string sign(std::string_view payload, std::string_view secret, std::int64_t timestamp) {
  const std::string t = std::to_string(timestamp);
  return "t=" + t + ",v1=" + expected(t, payload, secret);
}

}  // namespace spur::webhooks::stripe
