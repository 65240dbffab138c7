#pragma once
// Verified webhooks: the signature schemes of Stripe, GitHub and Standard
// Webhooks (Svix, Clerk, Resend), each over the raw body, with secret
// rotation, the scheme's clock window and constant-time comparison; once()
// to run an event's side effect once however often it is delivered.
//   #include <spur/route.hpp>
//   #include <spur/webhooks.hpp>
//   Response POST(Request& req) {
//     auto event = webhooks::stripe::verify(req, env("STRIPE_WEBHOOK_SECRET"));
//     auto claim = webhooks::once(event.id);
//     if (claim) { fulfil(event.body); claim.done(); }
//     return Response::json({{"received", true}});
//   }
// A delivery that does not verify answers 400 "Invalid webhook signature";
// the exact reason goes to the log. See docs/webhooks.md.
#include "spur/core/env.hpp"
#include "spur/core/secret.hpp"
#include "spur/webhooks/github.hpp"
#include "spur/webhooks/once.hpp"
#include "spur/webhooks/standard.hpp"
#include "spur/webhooks/stripe.hpp"
#include "spur/webhooks/verification.hpp"
