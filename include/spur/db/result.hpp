#pragma once
// A statement's result, and rows read into C++ types by column name:
//   struct Post { std::int64_t id; std::string title; std::optional<std::string> content; };
//   BOOST_DESCRIBE_STRUCT(Post, (), (id, title, content))
//   std::vector<Post> posts = db::read_rows<Post>(result);
// Every public member needs a column of its name (a std::optional member may
// also be NULL); columns without a member are ignored. A scalar T (an integer,
// double, bool, std::string, Bytes, Timestamp, or an optional of one) reads
// the first column.
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "spur/db/value.hpp"

namespace spur::db {

struct Result {
  std::vector<std::string> columns;
  std::vector<Value> cells;  // row after row, columns.size() each
  std::int64_t changes = 0;  // rows inserted, updated or deleted

  std::size_t rows() const noexcept { return columns.empty() ? 0 : cells.size() / columns.size(); }
  std::span<const Value> row(std::size_t i) const noexcept {
    return {cells.data() + i * columns.size(), columns.size()};
  }
};

namespace detail {

template <typename T>
concept described_row = std::is_class_v<T> && boost::describe::has_describe_members<T>::value;

// Throw db::Failure naming the column and what it held.
[[noreturn]] void throw_cell_mismatch(std::string_view column, const Value& cell,
                                      std::string_view wanted);
[[noreturn]] void throw_missing_column(std::string_view member);
std::optional<std::size_t> column_index(const Result& result, std::string_view name) noexcept;
// Text as SQLite's CURRENT_TIMESTAMP writes it ("2026-12-07 14:26:25", UTC),
// or ISO 8601 with 'T', fractional seconds and 'Z'.
std::optional<Timestamp> parse_timestamp(std::string_view text) noexcept;

template <typename T>
T read_cell(const Value& cell, std::string_view column) {
  if constexpr (is_optional<T>) {
    if (std::holds_alternative<std::monostate>(cell)) return std::nullopt;
    return read_cell<typename T::value_type>(cell, column);
  } else if constexpr (std::is_same_v<T, bool>) {
    if (const auto* i = std::get_if<std::int64_t>(&cell)) return *i != 0;
    throw_cell_mismatch(column, cell, "a boolean (0 or 1)");
  } else if constexpr (std::is_integral_v<T>) {
    if (const auto* i = std::get_if<std::int64_t>(&cell)) {
      if (std::in_range<T>(*i)) return static_cast<T>(*i);
    }
    throw_cell_mismatch(column, cell, "an integer that fits");
  } else if constexpr (std::is_floating_point_v<T>) {
    if (const auto* d = std::get_if<double>(&cell)) return static_cast<T>(*d);
    if (const auto* i = std::get_if<std::int64_t>(&cell)) return static_cast<T>(*i);
    throw_cell_mismatch(column, cell, "a number");
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (const auto* s = std::get_if<std::string>(&cell)) return *s;
    // An integer key read as text, as APIs that show ids as strings want.
    if (const auto* i = std::get_if<std::int64_t>(&cell)) return std::to_string(*i);
    throw_cell_mismatch(column, cell, "text");
  } else if constexpr (std::is_same_v<T, Bytes>) {
    if (const auto* b = std::get_if<Bytes>(&cell)) return *b;
    throw_cell_mismatch(column, cell, "bytes");
  } else if constexpr (std::is_same_v<T, Timestamp>) {
    if (const auto* i = std::get_if<std::int64_t>(&cell))
      return Timestamp(std::chrono::milliseconds(*i));
    if (const auto* s = std::get_if<std::string>(&cell))
      if (std::optional<Timestamp> t = parse_timestamp(*s)) return *t;
    throw_cell_mismatch(column, cell, "a timestamp");
  } else {
    static_assert(sizeof(T) == 0,
                  "db: a column reads into bool, an integer, a floating-point type, std::string, "
                  "db::Bytes, db::Timestamp, or a std::optional of one");
  }
}

}  // namespace detail

template <typename T>
std::vector<T> read_rows(const Result& result) {
  std::vector<T> out;
  out.reserve(result.rows());
  if constexpr (detail::described_row<T>) {
    using members = boost::describe::describe_members<T, boost::describe::mod_public |
                                                             boost::describe::mod_inherited>;
    constexpr std::size_t count = boost::mp11::mp_size<members>::value;
    std::size_t index[count == 0 ? 1 : count];
    std::size_t m = 0;
    boost::mp11::mp_for_each<members>([&](auto member) {
      using M = std::remove_cvref_t<decltype(std::declval<T&>().*member.pointer)>;
      std::optional<std::size_t> i = detail::column_index(result, member.name);
      if (!i && !detail::is_optional<M>) detail::throw_missing_column(member.name);
      index[m++] = i ? *i : SIZE_MAX;
    });
    for (std::size_t r = 0; r < result.rows(); ++r) {
      std::span<const Value> row = result.row(r);
      T& item = out.emplace_back();
      m = 0;
      boost::mp11::mp_for_each<members>([&](auto member) {
        using M = std::remove_cvref_t<decltype(item.*member.pointer)>;
        const std::size_t i = index[m++];
        if (i != SIZE_MAX) item.*member.pointer = detail::read_cell<M>(row[i], member.name);
      });
    }
  } else {
    if (result.columns.empty()) return out;
    for (std::size_t r = 0; r < result.rows(); ++r)
      out.push_back(detail::read_cell<T>(result.row(r)[0], result.columns[0]));
  }
  return out;
}

}  // namespace spur::db
