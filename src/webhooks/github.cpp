#include "spur/webhooks/github.hpp"

#include "payload.hpp"
#include "signing.hpp"
#include "spur/core/request.hpp"
#include "spur/core/search_params.hpp"

namespace spur::webhooks::github {
namespace {

constexpr std::string_view prefix = "sha256=";

std::string expected(std::string_view payload, std::string_view secret) {
  return std::string(prefix) + detail::lower_hex(detail::hmac_sha256(secret, payload));
}

bool is_form(const Request& req) {
  const std::string_view type = req.header("content-type").value_or("");
  return type.starts_with("application/x-www-form-urlencoded");
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

Delivery verify(const Request& req, const Secrets& secrets) {
  try {
    verify(req.text(), detail::required_header(req, "x-hub-signature-256"), secrets);
  } catch (const Refused& refused) {
    detail::log_refused(req, "github", refused);
    throw;
  }
  Delivery delivery;
  delivery.id = req.header("x-github-delivery").value_or("");
  delivery.event = req.header("x-github-event").value_or("");
  // A webhook set to application/x-www-form-urlencoded sends the JSON as
  // the form's payload field; the signature covers the form as sent.
  if (is_form(req)) {
    const SearchParams form = req.form();
    const std::optional<std::string_view> payload = form.get("payload");
    delivery.body = detail::parse_payload(payload.value_or(""));
  } else {
    delivery.body = detail::parse_payload(req.text());
  }
  return delivery;
}

std::string sign(std::string_view payload, std::string_view secret) {
  return expected(payload, secret);
}

}  // namespace spur::webhooks::github
