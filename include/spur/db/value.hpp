#pragma once
// The values that travel between a handler and the database: parameters bound
// to `?` placeholders, and the cells of a result. NULL, 64-bit integers,
// doubles, text and bytes, as SQLite stores them; bool is an integer 0/1, a
// timestamp is milliseconds since 1970 (UTC), std::optional is NULL when empty.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace spur::db {

using Bytes = std::vector<std::byte>;
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Bytes>;

namespace detail {
template <typename T>
inline constexpr bool is_optional = false;
template <typename T>
inline constexpr bool is_optional<std::optional<T>> = true;
// Throws std::out_of_range: an unsigned value above INT64_MAX has no column type.
[[noreturn]] void throw_unsigned_too_large();
}  // namespace detail

template <typename T>
concept Bindable = std::is_arithmetic_v<T> || std::is_convertible_v<const T&, std::string_view> ||
    std::is_same_v<T, Bytes> || std::is_same_v<T, Timestamp> || std::is_same_v<T, std::nullptr_t> ||
    detail::is_optional<T>;

// A parameter as the database receives it.
template <Bindable T>
Value to_value(const T& v) {
  if constexpr (detail::is_optional<T>) {
    if (!v) return std::monostate{};
    return to_value(*v);
  } else if constexpr (std::is_same_v<T, std::nullptr_t>) {
    return std::monostate{};
  } else if constexpr (std::is_same_v<T, bool>) {
    return std::int64_t{v ? 1 : 0};
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t))
      if (v > static_cast<std::uint64_t>(INT64_MAX)) detail::throw_unsigned_too_large();
    return static_cast<std::int64_t>(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(v);
  } else if constexpr (std::is_same_v<T, Bytes>) {
    return v;
  } else if constexpr (std::is_same_v<T, Timestamp>) {
    return static_cast<std::int64_t>(v.time_since_epoch().count());
  } else {
    return std::string(std::string_view(v));
  }
}

}  // namespace spur::db
