#pragma once
// A header field as the parser yields it: two views into the connection's buffer.
#include <string_view>

namespace spur::http {

struct Header {
  std::string_view name;
  std::string_view value;
};

// ASCII case-insensitive equality, as field names and tokens compare.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

}  // namespace spur::http
