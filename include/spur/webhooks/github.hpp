#pragma once
// GitHub's scheme (X-Hub-Signature-256: sha256=<hex>): an HMAC-SHA256 of the
// raw body under the secret. Nothing time-bound is signed, so a captured
// delivery can be replayed: dedupe on Delivery::id with once().
//   Response POST(Request& req) {
//     auto delivery = webhooks::github::verify(req, env("GITHUB_WEBHOOK_SECRET"));
//     if (delivery.event == "push") ...
//   }
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "spur/webhooks/verification.hpp"

namespace spur::webhooks::github {

struct Delivery {
  std::string id;           // X-GitHub-Delivery (a GUID): the key for once()
  std::string event;        // X-GitHub-Event: "push", "ping", …
  boost::json::value body;  // the payload (also when sent as a form's payload=)
};

// Verifies the raw body against X-Hub-Signature-256 and parses it; throws
// Refused (400, the reason logged) when it does not verify.
Delivery verify(const Request& req, const Secrets& secrets);

// The same over bytes: `header` is X-Hub-Signature-256's value.
void verify(std::string_view payload, std::string_view header, const Secrets& secrets);

// An X-Hub-Signature-256 value for `payload` ("sha256=…"), for tests.
std::string sign(std::string_view payload, std::string_view secret);

}  // namespace spur::webhooks::github
