#pragma once
// Stripe's scheme (Stripe-Signature: t=<unix time>,v1=<hex>[,v1=…]): an
// HMAC-SHA256 of "<t>.<raw body>" keyed with the whole secret as written,
// "whsec_" included.
//   Response POST(Request& req) {
//     auto event = webhooks::stripe::verify(req, env("STRIPE_WEBHOOK_SECRET"));
//     if (event.type == "checkout.session.completed") ...
//   }
// The timestamp may be at most Options::tolerance old, as Stripe's libraries
// check, and, unlike them, at most as far in the future (a clock that far
// ahead is a forged header, not skew).
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "spur/webhooks/verification.hpp"

namespace spur::webhooks::stripe {

struct Event {
  std::string id;              // "evt_…": the key for once()
  std::string type;            // "checkout.session.completed"
  std::int64_t timestamp = 0;  // the signed t=
  boost::json::value body;     // the whole event
};

// Verifies the raw body against the Stripe-Signature header and parses it;
// throws Refused (400, the reason logged) when it does not verify or is not a
// JSON event.
Event verify(const Request& req, const Secrets& secrets, const Options& options = {});

// The same over bytes: throws Refused when `header` does not sign `payload`;
// answers the signed timestamp.
std::int64_t verify(std::string_view payload, std::string_view header, const Secrets& secrets,
                    const Options& options = {});

// A Stripe-Signature value for `payload` ("t=…,v1=…"), for tests.
std::string sign(std::string_view payload, std::string_view secret, std::int64_t timestamp);

}  // namespace spur::webhooks::stripe
