#pragma once
// The parameters a matched request path filled in: `[id]` gives one decoded
// string, `[...slug]` and `[[...slug]]` a list of decoded segments. An optional
// catch-all that matched no segment is absent, as in Next.js.
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "spur/text/parse_value.hpp"

namespace spur::router {

// A path parameter whose text is not the type the handler asked for (the app
// answers 400 with this message, which names the parameter).
class InvalidParam : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class Params final {
 public:
  using List = std::vector<std::string>;
  using Value = std::variant<std::string, List>;

  struct Entry {
    std::string name;
    Value value;
  };

  // params["id"]: the decoded value of `[id]`; empty when absent or when
  // `name` is a catch-all (use list()). The one lookup that answers empty
  // rather than nullopt, so it reads like Next.js: `"User " + params["id"]`.
  const std::string& operator[](std::string_view name) const noexcept {
    static const std::string absent;
    const std::string* s = string_named(name);
    return s ? *s : absent;
  }
  // The decoded value of `[name]`, or nullopt when the route has no such
  // parameter (or it is a catch-all).
  std::optional<std::string_view> get(std::string_view name) const noexcept {
    const std::string* s = string_named(name);
    if (!s) return std::nullopt;
    return *s;
  }
  // The value of `[name]` as T: an integer, floating-point, bool or string
  // type, read strictly (text/parse_value.hpp).
  //   const auto id = params.get<std::int64_t>("id");
  // Text that does not convert throws InvalidParam: the client gets 400
  // "Invalid path parameter 'id': expected an integer from … to …". A name
  // the route does not have is a bug in the route: std::out_of_range (500).
  template <text::ParsedValue T>
  T get(std::string_view name) const {
    const std::string* s = string_named(name);
    if (!s) throw std::out_of_range("the route has no path parameter '" + std::string(name) + "'");
    if (std::optional<T> value = text::parse_value<T>(*s)) return std::move(*value);
    throw InvalidParam("Invalid path parameter '" + std::string(name) + "': expected " +
                       text::expected_value<T>());
  }
  // The segments of `[...name]` / `[[...name]]`, or nullopt when absent (an
  // optional catch-all that matched nothing is absent, as in Next.js).
  std::optional<std::span<const std::string>> list(std::string_view name) const noexcept {
    const List* l = list_named(name);
    if (!l) return std::nullopt;
    return std::span<const std::string>(*l);
  }
  bool contains(std::string_view name) const noexcept;

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
  // Routes have a handful of parameters, so a linear scan beats hashing.
  const std::string* string_named(std::string_view name) const noexcept;
  const List* list_named(std::string_view name) const noexcept;
  std::vector<Entry> entries_;
};

}  // namespace spur::router

namespace spur {
// Route parameters as handlers see them: `params["id"]`, `params.list("slug")`.
using Params = router::Params;
}  // namespace spur
