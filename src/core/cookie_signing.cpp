#include "spur/core/cookie_signing.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdlib>
#include <stdexcept>

namespace spur::detail {
namespace {

constexpr std::size_t mac_bytes = 32;
constexpr std::size_t signature_chars = 43;  // 32 bytes in base64 without padding

std::array<unsigned char, mac_bytes> hmac_sha256(std::string_view key, std::string_view data) {
  // OpenSSL may refuse a null pointer even with a zero length; an empty
  // string_view can hold one.
  static constexpr unsigned char nothing = 0;
  const void* key_bytes = key.empty() ? &nothing : static_cast<const void*>(key.data());
  const auto* data_bytes =
      data.empty() ? &nothing : reinterpret_cast<const unsigned char*>(data.data());
  std::array<unsigned char, mac_bytes> mac{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()), data_bytes, data.size(),
           mac.data(), &length) == nullptr ||
      length != mac_bytes)
    throw std::runtime_error("HMAC-SHA256 failed");
  return mac;
}

// RFC 4648 §5, without '=' padding.
std::string base64url(std::span<const unsigned char> bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v = bytes[i] << 16 | bytes[i + 1] << 8 | bytes[i + 2];
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    out += alphabet[v & 63];
  }
  if (std::size_t left = bytes.size() - i; left > 0) {
    std::uint32_t v = bytes[i] << 16 | (left == 2 ? bytes[i + 1] << 8 : 0);
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    if (left == 2) out += alphabet[v >> 6 & 63];
  }
  return out;
}

std::string signature(std::string_view value, std::string_view secret) {
  return base64url(hmac_sha256(secret, value));
}

std::string_view trim(std::string_view s) noexcept {
  constexpr std::string_view space = " \t\r\n";
  std::size_t first = s.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(space) - first + 1);
}

// A cookie name is a token, so '=' cannot occur in it: "name=value" is
// unambiguous.
std::string signed_text(std::string_view name, std::string_view value) {
  std::string text(name);
  text += '=';
  text += value;
  return text;
}

}  // namespace

std::string sign_value(std::string_view name, std::string_view value, std::string_view secret) {
  std::string out(value);
  out += '.';
  out += signature(signed_text(name, value), secret);
  return out;
}

std::optional<std::string> verify_value(std::string_view name, std::string_view signed_value,
                                        std::span<const std::string> secrets,
                                        UnboundSignatures unbound) {
  std::size_t dot = signed_value.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view value = signed_value.substr(0, dot);
  std::string_view given = signed_value.substr(dot + 1);
  // Comparing encodings rather than decoded bytes also refuses every other
  // spelling of the same MAC (other alphabets, padding, stray low bits).
  if (given.size() != signature_chars) return std::nullopt;
  const std::string text = signed_text(name, value);
  for (const std::string& secret : secrets) {
    std::string expected = signature(text, secret);
    bool match = CRYPTO_memcmp(expected.data(), given.data(), signature_chars) == 0;
    if (!match && unbound == UnboundSignatures::accept) {
      expected = signature(value, secret);
      match = CRYPTO_memcmp(expected.data(), given.data(), signature_chars) == 0;
    }
    if (match) return std::string(value);
  }
  return std::nullopt;
}

std::vector<std::string> parse_cookie_secrets(const char* env) {
  const std::string message(cookie_secrets_missing);
  if (env == nullptr) throw std::runtime_error(message);
  std::vector<std::string> secrets;
  std::string_view rest = env;
  for (;;) {
    std::size_t comma = rest.find(',');
    std::string_view secret = trim(rest.substr(0, comma));
    // The message never quotes the secret: it may end up in a log.
    if (secret.size() < min_cookie_secret_chars) throw std::runtime_error(message);
    secrets.emplace_back(secret);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return secrets;
}

}  // namespace spur::detail
