#include "signing.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <stdexcept>

#include "spur/text/ascii.hpp"

namespace spur::webhooks::detail {

Mac hmac_sha256(std::span<const unsigned char> key, std::string_view message) {
  // OpenSSL may refuse a null pointer even with a zero length.
  static constexpr unsigned char nothing = 0;
  Mac mac{};
  unsigned int length = 0;
  const auto* bytes =
      message.empty() ? &nothing : reinterpret_cast<const unsigned char*>(message.data());
  if (HMAC(EVP_sha256(), key.empty() ? &nothing : key.data(), static_cast<int>(key.size()), bytes,
           message.size(), mac.data(), &length) == nullptr ||
      length != mac.size())
    throw std::runtime_error("HMAC-SHA256 failed");
  return mac;
}

Mac hmac_sha256(std::string_view key, std::string_view message) {
  return hmac_sha256(std::span(reinterpret_cast<const unsigned char*>(key.data()), key.size()),
                     message);
}

std::string lower_hex(std::span<const unsigned char> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += text::hex_digit(b >> 4);
    out += text::hex_digit(b);
  }
  return out;
}

std::string base64(std::span<const unsigned char> bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::optional<std::string> decode_base64(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  // EVP_DecodeBlock skips leading and trailing whitespace; none is allowed.
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/' || c == '=';
    if (!ok) return std::nullopt;
  }
  const std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  if (text.substr(0, text.size() - padding).find('=') != std::string_view::npos)
    return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()),
                                      static_cast<int>(text.size()));
  if (written < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as zero bytes.
  out.resize(static_cast<std::size_t>(written) - padding);
  return out;
}

bool same(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && (a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
}

std::optional<std::int64_t> parse_unix_time(std::string_view text) noexcept {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.front() == '-')
    return std::nullopt;
  return value;
}

std::int64_t now_seconds(const Options& options) {
  const auto now = options.now.value_or(std::chrono::system_clock::now());
  return std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
}

}  // namespace spur::webhooks::detail
