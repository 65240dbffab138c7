#pragma once
// Signed cookie values: "value.signature", where the signature is the
// HMAC-SHA256 of "name=value" under a server secret, base64url without
// padding. The name is signed too, so a value the app signed for one cookie
// (a preference the user chose) is never accepted as another (the session).
// A signature proves the server wrote the value; it does not hide it (the
// client can read the value, only not change it).
//
// The app's secrets (AppConfig::cookie_secrets, else SPUR_COOKIE_SECRET, one
// or more separated by commas): the first signs, every one verifies, so a
// secret is rotated by putting the new one first and dropping the old one
// once its cookies have expired.
#include <cstddef>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace spur::detail {

// Secrets shorter than this are refused: a short one can be guessed offline
// from any single signed cookie.
inline constexpr std::size_t min_cookie_secret_chars = 32;

// `value` + "." + base64url(HMAC-SHA256(secret, name + "=" + value)): the
// value as it is, then 43 characters of [A-Za-z0-9_-].
std::string sign_value(std::string_view name, std::string_view value, std::string_view secret);

// Signatures made before names were signed: HMAC-SHA256(secret, value).
enum class UnboundSignatures : bool { refuse, accept };

// The value of cookie `name`'s `signed_value` when its signature (after the
// last '.') is that of one of `secrets`; nullopt when there is no '.', the
// signature is not exactly the one expected (changed, truncated, not
// base64url) or no secret matches. Signatures are compared in constant time.
std::optional<std::string> verify_value(std::string_view name, std::string_view signed_value,
                                        std::span<const std::string> secrets,
                                        UnboundSignatures unbound = UnboundSignatures::refuse);

// The secrets in `env` (SPUR_COOKIE_SECRET's value): comma-separated, each
// trimmed of surrounding whitespace. Throws std::runtime_error when `env` is
// null or a secret is shorter than 32 characters.
std::vector<std::string> parse_cookie_secrets(const char* env);

// Thrown when a cookie is signed or verified and the app has no secrets: a
// 500 whose cause the error boundary logs once per process, not once per
// request (any client could otherwise fill the log by sending a cookie).
struct MissingCookieSecret : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Why an app has no secrets, as signing or verifying then says.
inline constexpr std::string_view cookie_secrets_missing =
    "signed cookies need SPUR_COOKIE_SECRET (or AppConfig::cookie_secrets): at least 32 "
    "characters";

}  // namespace spur::detail
