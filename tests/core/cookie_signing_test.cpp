// Signed cookies: HMAC-SHA256 signatures that survive a trip through a
// browser and catch any change to the value or the signature.
#include "core/cookie_signing.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "spur/core/cookies.hpp"
#include "spur/core/response.hpp"

namespace spur::detail {
namespace {

const std::string current = "current-secret-0123456789abcdefghij";
const std::string old = "previous-secret-0123456789abcdefghi";
const std::vector<std::string> current_only = {current};
const std::vector<std::string> rotated = {current, old};

TEST(SignValue, AppendsDotAndUnpaddedBase64urlSignature) {
  std::string s = sign_value("user:42", current);
  ASSERT_EQ(s.size(), std::string("user:42.").size() + 43);  // 32 bytes, no '=' padding
  EXPECT_EQ(s.substr(0, 8), "user:42.");
  EXPECT_EQ(
      s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 8),
      std::string::npos);
}

const std::string known_secret = "known-answer-secret-32-characters!";

// Expected signatures from OpenSSL's command line, independently of this code,
// with the trailing '=' padding dropped (likewise for the empty value):
//   printf %s 'user:42' | openssl dgst -sha256 -binary
//     -hmac 'known-answer-secret-32-characters!' | basenc --base64url
TEST(SignValue, KnownAnswer) {
  const std::string& secret = known_secret;
  EXPECT_EQ(sign_value("user:42", secret), "user:42.qU0KbZRZARz4hK4GE_nTOaQEW-Xr1AL_nZiyGtZqq0I");
  EXPECT_EQ(sign_value("", secret), ".-GxumWNRpTUHqXWSQ88AjZypg6_eYnONbVERZ7f5QiQ");
}

TEST(VerifyValue, RoundTrip) {
  EXPECT_EQ(verify_value(sign_value("user:42", current), current_only), "user:42");
}

TEST(VerifyValue, EmptyValue) {
  EXPECT_EQ(verify_value(sign_value("", current), current_only), "");
}

TEST(VerifyValue, ValueWithDots) {
  // The signature never contains '.', so the last one separates it.
  EXPECT_EQ(verify_value(sign_value("a.b.c.", current), current_only), "a.b.c.");
  EXPECT_EQ(verify_value(sign_value("...", current), current_only), "...");
}

TEST(VerifyValue, TamperedValue) {
  std::string s = sign_value("user:42", current);
  s[5] = '9';  // user:92
  EXPECT_EQ(verify_value(s, current_only), std::nullopt);
  // Extending the value in front of the original signature.
  EXPECT_EQ(verify_value("user:42.admin" + s.substr(7), current_only), std::nullopt);
}

TEST(VerifyValue, TamperedSignature) {
  std::string s = sign_value("user:42", current);
  s.back() = s.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(verify_value(s, current_only), std::nullopt);
  std::string first = sign_value("user:42", current);
  first[8] = first[8] == 'A' ? 'B' : 'A';
  EXPECT_EQ(verify_value(first, current_only), std::nullopt);
}

TEST(VerifyValue, TruncatedOrExtendedSignature) {
  std::string s = sign_value("user:42", current);
  EXPECT_EQ(verify_value(s.substr(0, s.size() - 1), current_only), std::nullopt);
  EXPECT_EQ(verify_value(s.substr(0, 8), current_only), std::nullopt);  // "user:42."
  EXPECT_EQ(verify_value(s + "=", current_only), std::nullopt);         // padded
  EXPECT_EQ(verify_value(s + "A", current_only), std::nullopt);
}

TEST(VerifyValue, OnlyTheExactEncodingVerifies) {
  const std::vector<std::string> known = {known_secret};
  ASSERT_EQ(verify_value("user:42.qU0KbZRZARz4hK4GE_nTOaQEW-Xr1AL_nZiyGtZqq0I", known), "user:42");
  // The same MAC in the standard alphabet, padded, or with the unused low
  // bits of the last character set.
  EXPECT_EQ(verify_value("user:42.qU0KbZRZARz4hK4GE/nTOaQEW+Xr1AL/nZiyGtZqq0I", known),
            std::nullopt);
  EXPECT_EQ(verify_value("user:42.qU0KbZRZARz4hK4GE_nTOaQEW-Xr1AL_nZiyGtZqq0I=", known),
            std::nullopt);
  EXPECT_EQ(verify_value("user:42.qU0KbZRZARz4hK4GE_nTOaQEW-Xr1AL_nZiyGtZqq0J", known),
            std::nullopt);
  EXPECT_EQ(verify_value("user:42." + std::string(43, '*'), known), std::nullopt);
}

TEST(VerifyValue, NoDot) {
  std::string s = sign_value("user", current);
  s.erase(s.find('.'), 1);
  EXPECT_EQ(verify_value(s, current_only), std::nullopt);
  EXPECT_EQ(verify_value("", current_only), std::nullopt);
}

TEST(VerifyValue, WrongSecret) {
  EXPECT_EQ(verify_value(sign_value("user:42", old), current_only), std::nullopt);
  EXPECT_EQ(verify_value(sign_value("user:42", current), std::vector<std::string>{}), std::nullopt);
}

TEST(VerifyValue, RotationAcceptsOlderSecrets) {
  // Cookies handed out before the rotation still verify...
  EXPECT_EQ(verify_value(sign_value("user:42", old), rotated), "user:42");
  EXPECT_EQ(verify_value(sign_value("user:42", current), rotated), "user:42");
  // ...until the old secret is dropped.
  EXPECT_EQ(verify_value(sign_value("user:42", old), current_only), std::nullopt);
}

// ---- secrets ----------------------------------------------------------------

TEST(ParseCookieSecrets, OneOrSeveral) {
  EXPECT_EQ(parse_cookie_secrets(current.c_str()), current_only);
  EXPECT_EQ(parse_cookie_secrets((current + "," + old).c_str()), rotated);
  // Spaces after commas and a newline from a secrets file are not part of a secret.
  EXPECT_EQ(parse_cookie_secrets((current + ", " + old + "\n").c_str()), rotated);
}

TEST(ParseCookieSecrets, UnsetOrShortThrows) {
  const char* message = "signed cookies need SPUR_COOKIE_SECRET: at least 32 characters";
  auto message_of = [](const char* env) -> std::string {
    try {
      parse_cookie_secrets(env);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "no exception";
  };
  EXPECT_EQ(message_of(nullptr), message);
  EXPECT_EQ(message_of(""), message);
  EXPECT_EQ(message_of(std::string(31, 'x').c_str()), message);
  EXPECT_EQ(message_of((current + ",short").c_str()), message);  // an old one too short
  EXPECT_EQ(message_of((current + ",").c_str()), message);       // an empty one
  EXPECT_EQ(parse_cookie_secrets(std::string(32, 'x').c_str()).size(), 1u);
}

// ---- through Set-Cookie and Cookie --------------------------------------------

// The process-wide secrets are read once, so every test that needs them sets
// the same value before the first read.
void use_rotated_secrets() { setenv("SPUR_COOKIE_SECRET", (current + "," + old).c_str(), 1); }

// The Cookie header a browser sends back for a Set-Cookie value.
std::string cookie_header_for(std::string_view set_cookie) {
  return std::string(set_cookie.substr(0, set_cookie.find(';')));
}

TEST(SignedCookies, RoundTripThroughHeaders) {
  use_rotated_secrets();
  // Characters serialize_set_cookie percent-encodes and RequestCookies decodes.
  const std::string value = "name=J\xC3\xB6rg; 100% \"sure\", a.b";
  Response res;
  res.set_signed_cookie("user", value, {.path = "/", .http_only = true});
  std::string set_cookie(res.header_value("Set-Cookie"));
  EXPECT_NE(set_cookie.find("; Path=/; HttpOnly"), std::string::npos);
  RequestCookies cookies("theme=dark; " + cookie_header_for(set_cookie));
  EXPECT_EQ(cookies.get_signed("user"), value);
  // Signed with the first secret.
  EXPECT_EQ(verify_value(*cookies.get("user"), current_only), value);
}

TEST(SignedCookies, RvalueOverloadChains) {
  use_rotated_secrets();
  Response res = Response::text("ok").set_signed_cookie("a", "1").set_signed_cookie("b", "2");
  EXPECT_EQ(RequestCookies(cookie_header_for(res.header_value("Set-Cookie"))).get_signed("a"), "1");
}

TEST(SignedCookies, MissingTamperedOrUnsignedIsNullopt) {
  use_rotated_secrets();
  std::string good = sign_value("42", current);
  std::string tampered = good;
  tampered[0] = '7';
  RequestCookies cookies("plain=42; bad=" + tampered + "; good=" + good);
  EXPECT_EQ(cookies.get_signed("missing"), std::nullopt);
  EXPECT_EQ(cookies.get_signed("plain"), std::nullopt);
  EXPECT_EQ(cookies.get_signed("bad"), std::nullopt);
  EXPECT_EQ(cookies.get_signed("good"), "42");
}

TEST(SignedCookies, OldSecretStillVerifies) {
  use_rotated_secrets();
  EXPECT_EQ(RequestCookies("s=" + sign_value("42", old)).get_signed("s"), "42");
}

TEST(SignedCookies, NonUtf8ValueIsRefused) {
  use_rotated_secrets();
  Response res;
  EXPECT_THROW(res.set_signed_cookie("a", "\xFF"), std::invalid_argument);
  EXPECT_FALSE(res.has_header("Set-Cookie"));
}

}  // namespace
}  // namespace spur::detail
