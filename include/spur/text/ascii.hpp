#pragma once
// ASCII helpers for protocol text: header names, tokens and hex digits are
// ASCII whatever the locale, so none of this consults <cctype>.
#include <cstddef>
#include <string_view>

namespace spur::text {

constexpr char to_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
}

// ASCII case-insensitive equality, as field names and tokens compare.
// Example: iequals("Content-Type", "content-type") == true
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

// `s` begins with `prefix`, ignoring ASCII case.
constexpr bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Optional whitespace (RFC 9110 §5.6.3): space and horizontal tab.
constexpr bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

// `s` without leading and trailing OWS.
constexpr std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// The lowercase hex digit of `v`'s low four bits: hex_digit(0xab >> 4) == 'a'.
constexpr char hex_digit(unsigned v) noexcept { return "0123456789abcdef"[v & 15]; }

// The value of a hex digit, or -1 when `c` is not one.
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace spur::text
