// Stripe: Stripe-Signature over the raw body; a redelivered event is
// acknowledged without being handled again.
#include <spur/route.hpp>
#include <spur/webhooks.hpp>

#include "lib/env.hpp"
#include "lib/events.hpp"
using namespace spur;

Response POST(Request& req) {
  const webhooks::stripe::Event event =
      webhooks::stripe::verify(req, webhooks_app::env().stripe_webhook_secret);
  webhooks::Claim claim = webhooks::once("stripe:" + event.id);
  if (claim) {
    webhooks_app::handled.add("stripe", event.id, event.type);
    claim.done();
  }
  return Response::json({{"received", true}});
}
