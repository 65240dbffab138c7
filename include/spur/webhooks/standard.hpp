#pragma once
// Standard Webhooks (Svix, Clerk, Resend, …): headers webhook-id,
// webhook-timestamp and webhook-signature ("v1,<base64> v1,<base64>"), or
// the same as svix-id, svix-timestamp and svix-signature, as Clerk sends
// them. The MAC is HMAC-SHA256 of "<id>.<timestamp>.<raw body>" keyed with
// the base64-decoded part of the secret after "whsec_" (not the text itself,
// as Stripe's "whsec_" secrets are).
//   Response POST(Request& req) {
//     auto message = webhooks::standard::verify(req, env("CLERK_WEBHOOK_SECRET"));
//     ...
//   }
// The timestamp may be at most Options::tolerance away from now, either way.
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "spur/webhooks/verification.hpp"

namespace spur::webhooks::standard {

struct Message {
  std::string id;              // webhook-id ("msg_…"): the key for once()
  std::int64_t timestamp = 0;  // webhook-timestamp
  boost::json::value body;     // null when the body is empty
};

// Verifies the raw body against the webhook-* (or svix-*) headers and
// parses it; throws Refused (400, the reason logged) when it does not verify.
Message verify(const Request& req, const Secrets& secrets, const Options& options = {});

// The same over bytes and the three header values.
void verify(std::string_view payload, std::string_view id, std::string_view timestamp,
            std::string_view signature, const Secrets& secrets, const Options& options = {});

// A webhook-signature value ("v1,<base64>") for `payload`, for tests.
std::string sign(std::string_view payload, std::string_view id, std::int64_t timestamp,
                 std::string_view secret);

}  // namespace spur::webhooks::standard
