#pragma once
// Comma-separated field values (RFC 9110 §5.6.1): `Connection: keep-alive,
// Upgrade`, `Cache-Control: no-cache, max-age=0`, `Vary: Origin`.
#include <string_view>

#include "spur/text/ascii.hpp"

namespace spur::text {

// Calls `f(element)` for each non-empty element of `value`, OWS trimmed, in
// order; stops early (returning false) when `f` returns false.
// Example: "a, ,b" calls f("a"), then f("b").
template <typename F>
constexpr bool for_each_list_element(std::string_view value, F&& f) {
  while (true) {
    const std::size_t comma = value.find(',');
    const std::string_view element = trim(value.substr(0, comma));
    if (!element.empty() && !f(element)) return false;
    if (comma == std::string_view::npos) return true;
    value.remove_prefix(comma + 1);
  }
}

// Whether the list names `token` (ASCII case-insensitively), ignoring any
// `=argument`: list_has_token("no-cache, max-age=0", "max-age") == true.
constexpr bool list_has_token(std::string_view list, std::string_view token) {
  return !for_each_list_element(list, [&](std::string_view element) {
    return !iequals(trim(element.substr(0, element.find('='))), token);
  });
}

}  // namespace spur::text
