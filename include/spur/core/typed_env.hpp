#pragma once
// The environment as a described struct, read and checked once:
//   struct Env {
//     Secret stripe_webhook_secret;          // STRIPE_WEBHOOK_SECRET, required
//     std::string users_api;                 // USERS_API, required
//     std::optional<int> orders_timeout_ms;  // ORDERS_TIMEOUT_MS, may be unset
//   };
//   BOOST_DESCRIBE_STRUCT(Env, (), (stripe_webhook_secret, users_api, orders_timeout_ms))
//   SPUR_RULES(Env, field(&Env::users_api, url()))      // optional, as for bodies
//
//   const Env& e = spur::env<Env>();
// Each member is the variable of its name in capitals. A member that is not a
// std::optional is required; types: std::string, Secret, bool (true/false/
// 1/0), integers and floating point, each also inside std::optional.
// A built server and `spur dev` check every struct an app reads this way
// before they serve, and refuse to start naming every variable that is
// missing or malformed; a struct first read later (a route added under
// `spur dev`) is checked at that first read, which throws InvalidEnv.
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "spur/core/env.hpp"
#include "spur/core/json.hpp"
#include "spur/core/rules.hpp"
#include "spur/core/secret.hpp"
#include "spur/core/validation.hpp"

namespace spur {

// Every variable that is missing or malformed, one per line.
class InvalidEnv : public std::runtime_error {
 public:
  explicit InvalidEnv(const std::vector<Issue>& issues);
  const std::vector<Issue>& issues() const noexcept { return issues_; }

 private:
  std::vector<Issue> issues_;
};

namespace detail {

// "orders_timeout_ms" → "ORDERS_TIMEOUT_MS".
std::string env_name(std::string_view member);
std::optional<std::string> env_value(const std::string& name);
bool parse_env_bool(std::string_view text, bool& out) noexcept;

template <typename M>
bool parse_env_text(std::string_view text, M& out) {
  if constexpr (std::is_same_v<M, std::string>) {
    out = std::string(text);
    return true;
  } else if constexpr (std::is_same_v<M, Secret>) {
    out = Secret(std::string(text));
    return true;
  } else if constexpr (std::is_same_v<M, bool>) {
    return parse_env_bool(text, out);
  } else if constexpr (std::is_arithmetic_v<M>) {
    const char* end = text.data() + text.size();
    const auto [ptr, error] = std::from_chars(text.data(), end, out);
    return error == std::errc() && ptr == end && !text.empty();
  } else {
    static_assert(std::is_same_v<M, std::string>,
                  "spur::env<T>(): members are std::string, Secret, bool, numbers, or "
                  "std::optional of one of them");
    return false;
  }
}

template <typename M>
std::string_view env_type_text() {
  if constexpr (std::is_same_v<M, bool>)
    return "true, false, 1 or 0";
  else if constexpr (std::is_integral_v<M>)
    return "an integer";
  else
    return "a number";
}

template <typename T>
T read_env_struct() {
  T out{};
  Issues issues;
  const JsonPath root;
  using members = boost::describe::describe_members<T, boost::describe::mod_public>;
  boost::mp11::mp_for_each<members>([&](auto member) {
    using M = std::remove_cvref_t<decltype(out.*member.pointer)>;
    const std::string name = env_name(member.name);
    const JsonPath path{.parent = &root, .key = name};
    const std::optional<std::string> text = env_value(name);
    if (!text) {
      if constexpr (!is_instance_of<M, std::optional>) issues.add(path, "required", "is not set");
      return;
    }
    bool parsed = false;
    if constexpr (is_instance_of<M, std::optional>) {
      typename M::value_type value{};
      parsed = parse_env_text(*text, value);
      if (parsed) out.*member.pointer = std::move(value);
      if (!parsed)
        issues.add(path, "invalid_type",
                   "must be " + std::string(env_type_text<typename M::value_type>()));
    } else {
      parsed = parse_env_text(*text, out.*member.pointer);
      if (!parsed) issues.add(path, "invalid_type", "must be " + std::string(env_type_text<M>()));
    }
    if constexpr (has_rules<T>)
      if (parsed)
        spur_rules(rules_for<T>{}).check(member.pointer, out.*member.pointer, path, issues);
  });
  issues.raise_if_any();
  return out;
}

template <typename T>
const T& env_struct() {
  // Thrown ValidationError → InvalidEnv, so that a handler's first read of
  // a bad environment is a 500 (the app's fault), not a client's 400.
  static const T value = [] {
    try {
      return read_env_struct<T>();
    } catch (const ValidationError& e) {
      throw InvalidEnv(e.issues());
    }
  }();
  return value;
}

// Checks, before serving, every struct an app reads with env<T>(); each one
// registers itself when its program or route object loads.
bool register_env_check(void (*check)()) noexcept;
template <typename T>
struct EnvCheck {
  static inline const bool registered = register_env_check([] { (void)env_struct<T>(); });
};
// Runs every registered check, and turns later registrations off (a route
// object loaded afterwards may be unloaded again). Throws InvalidEnv listing
// the problems of every struct.
void check_env_at_start();

}  // namespace detail

template <typename T>
requires boost::describe::has_describe_members<T>::value const T& env() {
  (void)&detail::EnvCheck<T>::registered;
  return detail::env_struct<T>();
}

}  // namespace spur
