// Clerk sends Standard Webhooks under the svix-* header names; the same call
// verifies Svix, Resend and any sender using webhook-*.
#include <spur/route.hpp>
#include <spur/webhooks.hpp>

#include "lib/env.hpp"
#include "lib/events.hpp"
using namespace spur;

Response POST(Request& req) {
  const webhooks::standard::Message message =
      webhooks::standard::verify(req, webhooks_app::env().clerk_webhook_secret);
  webhooks::Claim claim = webhooks::once("clerk:" + message.id);
  if (claim) {
    const boost::json::value* type =
        message.body.is_object() ? message.body.as_object().if_contains("type") : nullptr;
    webhooks_app::handled.add("clerk", message.id,
                              type != nullptr && type->is_string() ? type->get_string() : "");
    claim.done();
  }
  return Response::json({{"received", true}});
}
