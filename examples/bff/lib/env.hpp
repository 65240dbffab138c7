#pragma once
// The services this app calls, checked before it serves.
#include <optional>
#include <spur/core/typed_env.hpp>
#include <string>

namespace bff {

struct Env {
  std::string users_api;   // USERS_API
  std::string orders_api;  // ORDERS_API
  std::optional<int> dashboard_deadline_ms;
};
BOOST_DESCRIBE_STRUCT(Env, (), (users_api, orders_api, dashboard_deadline_ms))
SPUR_RULES(Env, field(&Env::users_api, url()), field(&Env::orders_api, url()),
           field(&Env::dashboard_deadline_ms, range(1, 60000)))

inline const Env& env() { return spur::env<Env>(); }

}  // namespace bff
