#include "spur/router/params.hpp"

namespace spur::router {

const Params::Value* Params::find(std::string_view name) const noexcept {
  for (const Entry& entry : entries_) {
    if (entry.name == name) return &entry.value;
  }
  return nullptr;
}

const std::string* Params::find_string(std::string_view name) const noexcept {
  const Value* value = find(name);
  return value ? std::get_if<std::string>(value) : nullptr;
}

const Params::List* Params::find_list(std::string_view name) const noexcept {
  const Value* value = find(name);
  return value ? std::get_if<List>(value) : nullptr;
}

}  // namespace spur::router
