#pragma once
// Character classes of RFC 9110 §5.6.2 / §5.5 as lookup tables: the parser's
// inner loops test one byte against one table entry.
#include <array>
#include <string_view>

namespace spur::http::detail {

inline constexpr std::array<bool, 256> make_tchar_table() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}

// field-vchar / SP / HTAB, with obs-text (0x80-0xFF) allowed as RFC 9110 §5.5 does.
inline constexpr std::array<bool, 256> make_field_value_table() {
  std::array<bool, 256> t{};
  for (int c = 0x20; c <= 0x7e; ++c) t[c] = true;
  for (int c = 0x80; c <= 0xff; ++c) t[c] = true;
  t['\t'] = true;
  return t;
}

// reg-name = *( unreserved / pct-encoded / sub-delims ) (RFC 3986 §3.2.2)
inline constexpr std::array<bool, 256> make_reg_name_table() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (char c : std::string_view("-._~%!$&'()*+,;=")) t[static_cast<unsigned char>(c)] = true;
  return t;
}

inline constexpr auto tchar_table = make_tchar_table();
inline constexpr auto reg_name_table = make_reg_name_table();
inline constexpr auto field_value_table = make_field_value_table();

constexpr bool is_tchar(char c) noexcept { return tchar_table[static_cast<unsigned char>(c)]; }
constexpr bool is_field_vchar(char c) noexcept {
  return field_value_table[static_cast<unsigned char>(c)];
}
constexpr bool is_reg_name_char(char c) noexcept {
  return reg_name_table[static_cast<unsigned char>(c)];
}
constexpr bool is_alpha(char c) noexcept { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
constexpr bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

}  // namespace spur::http::detail
