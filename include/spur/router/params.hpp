#pragma once
// The parameters a matched request path filled in: `[id]` gives one decoded
// string, `[...slug]` and `[[...slug]]` a list of decoded segments. An optional
// catch-all that matched no segment is absent, as in Next.js.
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace spur::router {

class Params final {
 public:
  using List = std::vector<std::string>;
  using Value = std::variant<std::string, List>;

  struct Entry {
    std::string name;
    Value value;
  };

  // params["id"]: the decoded value of `[id]`; empty when absent or when
  // `name` is a catch-all (use list()).
  // A std::string, so it works where one is expected: `"User " + params["id"]`.
  const std::string& operator[](std::string_view name) const noexcept {
    static const std::string absent;
    const std::string* s = find_string(name);
    return s ? *s : absent;
  }
  // params.list("slug"): the segments of `[...slug]` / `[[...slug]]`; empty
  // when absent.
  std::span<const std::string> list(std::string_view name) const noexcept {
    const List* l = find_list(name);
    return l ? std::span<const std::string>(*l) : std::span<const std::string>();
  }

  // The value named `name`, or null when the route has no such parameter or
  // it matched nothing. Routes have a handful of parameters, so a linear scan
  // beats hashing.
  const Value* find(std::string_view name) const noexcept;
  // The same, when the value has that type; null otherwise.
  const std::string* find_string(std::string_view name) const noexcept;
  const List* find_list(std::string_view name) const noexcept;
  bool contains(std::string_view name) const noexcept { return find(name) != nullptr; }

  // In URL order.
  std::span<const Entry> entries() const noexcept { return entries_; }
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }

  void reserve(std::size_t n) { entries_.reserve(n); }
  // Appends; the matcher never adds the same name twice (route patterns forbid it).
  void add(std::string name, Value value) {
    entries_.push_back({std::move(name), std::move(value)});
  }

 private:
  std::vector<Entry> entries_;
};

}  // namespace spur::router

namespace spur {
// Route parameters as handlers see them: `params["id"]`, `params.list("slug")`.
using Params = router::Params;
}  // namespace spur
