// Signed cookies: HMAC-SHA256 signatures that survive a trip through a
// browser and catch any change to the value or the signature.
#include "spur/core/cookie_signing.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "spur/core/access.hpp"
#include "spur/core/cookies.hpp"
#include "spur/core/response.hpp"

namespace spur::detail {
namespace {

const std::string current = "current-secret-0123456789abcdefghij";
const std::string old = "previous-secret-0123456789abcdefghi";
const std::vector<std::string> current_only = {current};
const std::vector<std::string> rotated = {current, old};

TEST(SignValue, AppendsDotAndUnpaddedBase64urlSignature) {
  std::string s = sign_value("session", "user:42", current);
  ASSERT_EQ(s.size(), std::string("user:42.").size() + 43);  // 32 bytes, no '=' padding
  EXPECT_EQ(s.substr(0, 8), "user:42.");
  EXPECT_EQ(
      s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 8),
      std::string::npos);
}

const std::string known_secret = "known-answer-secret-32-characters!";

// Expected signatures from OpenSSL's command line, independently of this code,
// with the trailing '=' padding dropped (likewise for the empty value):
//   printf %s 'session=user:42' | openssl dgst -sha256 -binary
//     -hmac 'known-answer-secret-32-characters!' | basenc --base64url
TEST(SignValue, KnownAnswer) {
  const std::string& secret = known_secret;
  EXPECT_EQ(sign_value("session", "user:42", secret),
            "user:42.xEacxHG7SEJbIxQ52XynYo1XtmLVdx74iV5jbbcqdZw");
  EXPECT_EQ(sign_value("session", "", secret), ".o0_yuuh8UkcwzQMUDHMN4jiBwHIXUEGgJP-Xs4GHlWk");
}

TEST(VerifyValue, RoundTrip) {
  EXPECT_EQ(verify_value("session", sign_value("session", "user:42", current), current_only),
            "user:42");
}

TEST(VerifyValue, EmptyValue) {
  EXPECT_EQ(verify_value("session", sign_value("session", "", current), current_only), "");
}

TEST(VerifyValue, ValueWithDots) {
  // The signature never contains '.', so the last one separates it.
  EXPECT_EQ(verify_value("session", sign_value("session", "a.b.c.", current), current_only),
            "a.b.c.");
  EXPECT_EQ(verify_value("session", sign_value("session", "...", current), current_only), "...");
}

TEST(VerifyValue, TamperedValue) {
  std::string s = sign_value("session", "user:42", current);
  s[5] = '9';  // user:92
  EXPECT_EQ(verify_value("session", s, current_only), std::nullopt);
  // Extending the value in front of the original signature.
  EXPECT_EQ(verify_value("session", "user:42.admin" + s.substr(7), current_only), std::nullopt);
}

TEST(VerifyValue, TamperedSignature) {
  std::string s = sign_value("session", "user:42", current);
  s.back() = s.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(verify_value("session", s, current_only), std::nullopt);
  std::string first = sign_value("session", "user:42", current);
  first[8] = first[8] == 'A' ? 'B' : 'A';
  EXPECT_EQ(verify_value("session", first, current_only), std::nullopt);
}

TEST(VerifyValue, TruncatedOrExtendedSignature) {
  std::string s = sign_value("session", "user:42", current);
  EXPECT_EQ(verify_value("session", s.substr(0, s.size() - 1), current_only), std::nullopt);
  EXPECT_EQ(verify_value("session", s.substr(0, 8), current_only), std::nullopt);  // "user:42."
  EXPECT_EQ(verify_value("session", s + "=", current_only), std::nullopt);         // padded
  EXPECT_EQ(verify_value("session", s + "A", current_only), std::nullopt);
}

TEST(VerifyValue, OnlyTheExactEncodingVerifies) {
  const std::vector<std::string> known = {known_secret};
  ASSERT_EQ(verify_value("session", "user:42.xEacxHG7SEJbIxQ52XynYo1XtmLVdx74iV5jbbcqdZw", known),
            "user:42");
  // The same MAC in the standard alphabet, padded, or with the unused low
  // bits of the last character set.
  ASSERT_EQ(verify_value("session", ".o0_yuuh8UkcwzQMUDHMN4jiBwHIXUEGgJP-Xs4GHlWk", known), "");
  EXPECT_EQ(verify_value("session", ".o0/yuuh8UkcwzQMUDHMN4jiBwHIXUEGgJP+Xs4GHlWk", known),
            std::nullopt);
  EXPECT_EQ(verify_value("session", "user:42.xEacxHG7SEJbIxQ52XynYo1XtmLVdx74iV5jbbcqdZw=", known),
            std::nullopt);
  EXPECT_EQ(verify_value("session", "user:42.xEacxHG7SEJbIxQ52XynYo1XtmLVdx74iV5jbbcqdZx", known),
            std::nullopt);
  EXPECT_EQ(verify_value("session", "user:42." + std::string(43, '*'), known), std::nullopt);
}

TEST(VerifyValue, NoDot) {
  std::string s = sign_value("session", "user", current);
  s.erase(s.find('.'), 1);
  EXPECT_EQ(verify_value("session", s, current_only), std::nullopt);
  EXPECT_EQ(verify_value("session", "", current_only), std::nullopt);
}

TEST(VerifyValue, WrongSecret) {
  EXPECT_EQ(verify_value("session", sign_value("session", "user:42", old), current_only),
            std::nullopt);
  EXPECT_EQ(verify_value("session", sign_value("session", "user:42", current),
                         std::vector<std::string>{}),
            std::nullopt);
}

TEST(VerifyValue, RotationAcceptsOlderSecrets) {
  // Cookies handed out before the rotation still verify...
  EXPECT_EQ(verify_value("session", sign_value("session", "user:42", old), rotated), "user:42");
  EXPECT_EQ(verify_value("session", sign_value("session", "user:42", current), rotated), "user:42");
  // ...until the old secret is dropped.
  EXPECT_EQ(verify_value("session", sign_value("session", "user:42", old), current_only),
            std::nullopt);
}

TEST(VerifyValue, TheSignatureIsBoundToTheCookieName) {
  // A value the app signed for a cookie the user controls (a preference) is
  // not accepted as another cookie (the session).
  const std::string pref = sign_value("pref", "42", current);
  EXPECT_EQ(verify_value("pref", pref, current_only), "42");
  EXPECT_EQ(verify_value("user", pref, current_only), std::nullopt);
  EXPECT_EQ(verify_value("user", pref, current_only, UnboundSignatures::accept), std::nullopt);
}

TEST(VerifyValue, UnboundSignaturesVerifyOnlyWhenAccepted) {
  // Signed as older versions did, over the value alone (the OpenSSL answer for
  // 'user:42' without a name).
  const std::string legacy = "user:42.qU0KbZRZARz4hK4GE_nTOaQEW-Xr1AL_nZiyGtZqq0I";
  const std::vector<std::string> known = {known_secret};
  EXPECT_EQ(verify_value("session", legacy, known), std::nullopt);
  EXPECT_EQ(verify_value("session", legacy, known, UnboundSignatures::accept), "user:42");
  EXPECT_EQ(verify_value("other", legacy, known, UnboundSignatures::accept), "user:42");
}

// ---- secrets ----------------------------------------------------------------

TEST(ParseCookieSecrets, OneOrSeveral) {
  EXPECT_EQ(parse_cookie_secrets(current.c_str()), current_only);
  EXPECT_EQ(parse_cookie_secrets((current + "," + old).c_str()), rotated);
  // Spaces after commas and a newline from a secrets file are not part of a secret.
  EXPECT_EQ(parse_cookie_secrets((current + ", " + old + "\n").c_str()), rotated);
}

TEST(ParseCookieSecrets, UnsetOrShortThrows) {
  const std::string message(cookie_secrets_missing);
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

// The secrets belong to the app: a response's signed cookies are signed when
// it leaves the app (ResponseAccess::sign_cookies), and a request's cookies
// verify with the app's secrets.
std::string signed_set_cookie(Response& res, std::span<const std::string> secrets = rotated) {
  ResponseAccess::sign_cookies(res, secrets, cookie_secrets_missing);
  return std::string(res.header("Set-Cookie").value_or(""));
}

// The Cookie header a browser sends back for a Set-Cookie value.
std::string cookie_header_for(std::string_view set_cookie) {
  return std::string(set_cookie.substr(0, set_cookie.find(';')));
}

TEST(SignedCookies, RoundTripThroughHeaders) {
  // Characters serialize_set_cookie percent-encodes and RequestCookies decodes.
  const std::string value = "name=J\xC3\xB6rg; 100% \"sure\", a.b";
  Response res;
  res.set_signed_cookie("user", value, {.path = "/", .http_only = true});
  EXPECT_FALSE(res.has_header("Set-Cookie"));  // not before the app signs it
  const std::string set_cookie = signed_set_cookie(res);
  EXPECT_NE(set_cookie.find("; Path=/; HttpOnly"), std::string::npos);
  RequestCookies cookies("theme=dark; " + cookie_header_for(set_cookie), rotated);
  EXPECT_EQ(cookies.get_signed("user"), value);
  // Signed with the first secret.
  EXPECT_EQ(verify_value("user", *cookies.get("user"), current_only), value);
}

TEST(SignedCookies, RvalueOverloadChains) {
  Response res = Response::text("ok").set_signed_cookie("a", "1").set_signed_cookie("b", "2");
  signed_set_cookie(res);
  std::vector<std::string> lines;
  for (const http::Header h : res.headers())
    if (h.name == "Set-Cookie") lines.push_back(cookie_header_for(h.value));
  ASSERT_EQ(lines.size(), 2u);
  RequestCookies cookies(lines[0] + "; " + lines[1], rotated);
  EXPECT_EQ(cookies.get_signed("a"), "1");
  EXPECT_EQ(cookies.get_signed("b"), "2");
}

TEST(SignedCookies, MissingTamperedOrUnsignedIsNullopt) {
  std::string good = sign_value("good", "42", current);
  std::string tampered = good;
  tampered[0] = '7';
  RequestCookies cookies("plain=42; bad=" + tampered + "; good=" + good, rotated);
  // The same signed value under another name.
  EXPECT_EQ(RequestCookies("user=" + good, rotated).get_signed("user"), std::nullopt);
  EXPECT_EQ(cookies.get_signed("missing"), std::nullopt);
  EXPECT_EQ(cookies.get_signed("plain"), std::nullopt);
  EXPECT_EQ(cookies.get_signed("bad"), std::nullopt);
  EXPECT_EQ(cookies.get_signed("good"), "42");
}

TEST(SignedCookies, OldSecretStillVerifies) {
  EXPECT_EQ(RequestCookies("s=" + sign_value("s", "42", old), rotated).get_signed("s"), "42");
}

TEST(SignedCookies, WithoutSecretsReadingThrowsTheSetUpMessage) {
  RequestCookies cookies("s=" + sign_value("s", "42", old), {}, cookie_secrets_missing);
  try {
    (void)cookies.get_signed("s");
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), cookie_secrets_missing);
  }
}

TEST(SignedCookies, WithoutSecretsSigningThrowsTheSetUpMessage) {
  Response res;
  res.set_signed_cookie("a", "1");
  EXPECT_THROW(ResponseAccess::sign_cookies(res, {}, cookie_secrets_missing), std::runtime_error);
  EXPECT_FALSE(res.has_header("Set-Cookie"));
}

TEST(SignedCookies, NonUtf8ValueIsRefused) {
  Response res;
  EXPECT_THROW(res.set_signed_cookie("a", "\xFF"), std::invalid_argument);
  EXPECT_FALSE(res.has_header("Set-Cookie"));
}

}  // namespace
}  // namespace spur::detail
