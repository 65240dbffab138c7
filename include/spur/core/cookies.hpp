#pragma once
// Cookies: the Cookie request header parsed leniently, as browsers send it
// (RFC 6265 §5.4), and Set-Cookie values serialized with every attribute.
//   req.cookies().get("session")                 // percent-decoded; first of duplicates
//   res.set_cookie("seen", "1", {.path = "/", .http_only = true});   // seen=1; Path=/; HttpOnly
// Signed cookies carry an HMAC of their value under the app's secret
// (SPUR_COOKIE_SECRET), so the client can read them but not change them:
//   res.set_signed_cookie("user", "42", {.http_only = true});    // user=42.<signature>
//   req.cookies().get_signed("user")            // "42", or nullopt if missing or altered
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spur/core/cookie_signing.hpp"

namespace spur {

class RequestCookies final {
 public:
  using Entry = std::pair<std::string, std::string>;

  RequestCookies() = default;
  // `header` is the Cookie field value (several Cookie fields joined with
  // "; "); `secrets` verify signed values (empty: get_signed() throws
  // std::runtime_error(`missing`)). Request::cookies() passes its app's.
  explicit RequestCookies(std::string_view header, std::span<const std::string> secrets = {},
                          std::string_view missing = {},
                          detail::UnboundSignatures unbound = detail::UnboundSignatures::refuse);

  // The value of the first cookie named `name`, percent-decoded; quotes kept.
  std::optional<std::string_view> get(std::string_view name) const noexcept;
  bool has(std::string_view name) const noexcept { return get(name).has_value(); }
  // The value of the first cookie named `name` when it carries a valid
  // signature (see Response::set_signed_cookie), without it; nullopt when it is
  // missing or its value or signature was changed. Throws std::runtime_error
  // when the app has no cookie secret.
  std::optional<std::string> get_signed(std::string_view name) const;
  std::span<const Entry> entries() const noexcept { return entries_; }

 private:
  std::vector<Entry> entries_;
  std::span<const std::string> secrets_;
  std::string_view missing_;
  detail::UnboundSignatures unbound_ = detail::UnboundSignatures::refuse;
};

enum class SameSite { unset, strict, lax, none };

struct CookieOptions {
  std::string path;                     // empty: no Path attribute
  std::string domain;                   // empty: host-only
  std::optional<std::int64_t> max_age;  // seconds
  std::optional<std::chrono::system_clock::time_point> expires;
  bool secure = false;
  bool http_only = false;
  SameSite same_site = SameSite::unset;
  bool partitioned = false;  // CHIPS; implies nothing else
};

// "name=value; Path=/; Expires=…; Max-Age=…; Domain=…; Secure; HttpOnly;
// SameSite=Lax; Partitioned" (attributes in that order, as Next.js writes
// them). The value is percent-encoded where a cookie-octet is not allowed.
// Throws std::invalid_argument for a name that is not a token.
std::string serialize_set_cookie(std::string_view name, std::string_view value,
                                 const CookieOptions& options = {});

}  // namespace spur
