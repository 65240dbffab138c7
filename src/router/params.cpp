#include "spur/router/params.hpp"

#include <algorithm>

namespace spur::router {

namespace {
const Params::Value* value_named(std::span<const Params::Entry> entries,
                                 std::string_view name) noexcept {
  const auto it = std::find_if(entries.begin(), entries.end(),
                               [&](const Params::Entry& e) { return e.name == name; });
  return it == entries.end() ? nullptr : &it->value;
}
}  // namespace

bool Params::contains(std::string_view name) const noexcept {
  return value_named(entries_, name) != nullptr;
}

const std::string* Params::string_named(std::string_view name) const noexcept {
  const Value* value = value_named(entries_, name);
  return value ? std::get_if<std::string>(value) : nullptr;
}

const Params::List* Params::list_named(std::string_view name) const noexcept {
  const Value* value = value_named(entries_, name);
  return value ? std::get_if<List>(value) : nullptr;
}

}  // namespace spur::router
