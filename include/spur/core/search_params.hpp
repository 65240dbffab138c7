#pragma once
// Decoded name/value pairs of a query string or an urlencoded form, read as
// browsers' URLSearchParams does: '+' is a space, a malformed '%' stays as it
// is, repeated names keep every value in order.
//   SearchParams q("tags=a&tags=b&q=hi+there");
//   q.get("q") == "hi there"; q.get_all("tags") == {"a", "b"}; !q.get("x")
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spur/text/parse_value.hpp"

namespace spur {

namespace detail {
// Throws HttpError 400 naming the query parameter and what it should be.
[[noreturn]] void throw_invalid_search_param(std::string_view name, const std::string& expected);
}  // namespace detail

class SearchParams final {
 public:
  using Entry = std::pair<std::string, std::string>;

  SearchParams() = default;
  explicit SearchParams(std::string_view urlencoded);

  // The first value of `name`, or nullopt.
  std::optional<std::string_view> get(std::string_view name) const noexcept;
  // The first value of `name` as T (an integer, floating-point, bool or
  // string type, read strictly: text/parse_value.hpp), or nullopt when absent.
  //   const int take = req.search_params().get<int>("take").value_or(20);
  // A value that does not convert throws HttpError 400 naming the parameter:
  // "Invalid query parameter 'take': expected an integer from … to …".
  template <text::ParsedValue T>
  std::optional<T> get(std::string_view name) const {
    const std::optional<std::string_view> raw = get(name);
    if (!raw) return std::nullopt;
    if (std::optional<T> value = text::parse_value<T>(*raw)) return value;
    detail::throw_invalid_search_param(name, text::expected_value<T>());
  }
  // Every value of `name`, in order; empty when absent.
  std::vector<std::string_view> get_all(std::string_view name) const;
  bool has(std::string_view name) const noexcept { return get(name).has_value(); }

  std::span<const Entry> entries() const noexcept { return entries_; }
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
};

}  // namespace spur
