#pragma once
// A path or query value read as a C++ type, strictly: the whole text must be
// the value (no spaces, no trailing bytes, no leading '+'), an integer must
// fit its type, and a floating-point number must be finite.
//   parse_value<int>("42") == 42;  !parse_value<int>("42abc");  !parse_value<std::uint8_t>("300")
//   parse_value<bool>("true") == true (also "false", "1", "0")
#include <charconv>
#include <cmath>
#include <concepts>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace spur::text {

template <typename T>
concept ParsedValue = std::same_as<T, bool> || std::integral<T> || std::floating_point<T> ||
    std::same_as<T, std::string> || std::same_as<T, std::string_view>;

template <ParsedValue T>
std::optional<T> parse_value(std::string_view s) noexcept(!std::same_as<T, std::string>) {
  if constexpr (std::same_as<T, std::string> || std::same_as<T, std::string_view>) {
    return T(s);
  } else if constexpr (std::same_as<T, bool>) {
    if (s == "true" || s == "1") return true;
    if (s == "false" || s == "0") return false;
    return std::nullopt;
  } else {
    if (s.empty() || s.front() == '+') return std::nullopt;
    T value{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    if constexpr (std::floating_point<T>)
      if (!std::isfinite(value)) return std::nullopt;
    return value;
  }
}

// What parse_value<T> accepts, for error messages: "an integer from 0 to
// 255", "a number", "true or false".
template <ParsedValue T>
std::string expected_value() {
  if constexpr (std::same_as<T, bool>) {
    return "true or false";
  } else if constexpr (std::integral<T>) {
    return "an integer from " + std::to_string(std::numeric_limits<T>::min()) + " to " +
           std::to_string(std::numeric_limits<T>::max());
  } else if constexpr (std::floating_point<T>) {
    return "a number";
  } else {
    return "text";
  }
}

}  // namespace spur::text
