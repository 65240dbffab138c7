#pragma once
// The secrets this app needs, read and checked once: a server started
// without one of them refuses to serve and names every one missing.
#include <optional>
#include <spur/core/secret.hpp>
#include <spur/core/typed_env.hpp>
#include <string>

namespace webhooks_app {

struct Env {
  spur::Secret stripe_webhook_secret;
  spur::Secret github_webhook_secret;
  std::optional<std::string> github_webhook_secret_old;  // while rotating
  spur::Secret clerk_webhook_secret;
};
BOOST_DESCRIBE_STRUCT(Env, (),
                      (stripe_webhook_secret, github_webhook_secret, github_webhook_secret_old,
                       clerk_webhook_secret))

inline const Env& env() { return spur::env<Env>(); }

}  // namespace webhooks_app
