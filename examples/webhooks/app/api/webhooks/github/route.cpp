// GitHub: X-Hub-Signature-256 under the current secret or, while it is
// rotated, the previous one; deliveries are deduplicated on X-GitHub-Delivery.
#include <spur/route.hpp>
#include <spur/webhooks.hpp>

#include "lib/env.hpp"
#include "lib/events.hpp"
using namespace spur;

Response POST(Request& req) {
  const webhooks_app::Env& e = webhooks_app::env();
  const webhooks::github::Delivery delivery = webhooks::github::verify(
      req, {e.github_webhook_secret.reveal(), e.github_webhook_secret_old.value_or("")});
  webhooks::Claim claim = webhooks::once("github:" + delivery.id);
  if (claim) {
    webhooks_app::handled.add("github", delivery.id, delivery.event);
    claim.done();
  }
  return Response::json({{"received", true}});
}
