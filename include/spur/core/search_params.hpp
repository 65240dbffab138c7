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

namespace spur {

class SearchParams final {
 public:
  using Entry = std::pair<std::string, std::string>;

  SearchParams() = default;
  explicit SearchParams(std::string_view urlencoded);

  // The first value of `name`, or nullopt.
  std::optional<std::string_view> get(std::string_view name) const noexcept;
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
