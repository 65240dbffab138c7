#pragma once
// The pieces every scheme is made of: HMAC-SHA256, its two text encodings,
// a constant-time comparison and the clock window.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "spur/webhooks/verification.hpp"

namespace spur::webhooks::detail {

using Mac = std::array<unsigned char, 32>;

Mac hmac_sha256(std::span<const unsigned char> key, std::string_view message);
Mac hmac_sha256(std::string_view key, std::string_view message);

std::string lower_hex(std::span<const unsigned char> bytes);
// RFC 4648 §4, padded.
std::string base64(std::span<const unsigned char> bytes);
// nullopt when `text` is not padded RFC 4648 §4 base64.
std::optional<std::string> decode_base64(std::string_view text);

// Equal lengths and equal bytes, in time that depends only on the length.
bool same(std::string_view a, std::string_view b) noexcept;

// A Unix time in decimal digits (no sign, no spaces), or nullopt.
std::optional<std::int64_t> parse_unix_time(std::string_view text) noexcept;
std::int64_t now_seconds(const Options& options);

}  // namespace spur::webhooks::detail
