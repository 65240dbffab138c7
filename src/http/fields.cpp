#include "spur/http/fields.hpp"

#include <algorithm>
#include <functional>

#include "spur/text/ascii.hpp"

namespace spur::http {
namespace {

bool has_line_break(std::string_view s) noexcept {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

std::optional<std::string_view> Fields::get(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Header h = at(i);
    if (text::iequals(h.name, name)) return h.value;
  }
  return std::nullopt;
}

void Fields::append(std::string_view name, std::string_view value) {
  if (name.empty() || has_line_break(name) || name.find(':') != std::string_view::npos) return;
  if (has_line_break(value)) value = {};
  // A name or value read from these fields (set_header("A", *header("B")))
  // would dangle once text_ grows: copy it out first.
  const auto inside = [this](std::string_view v) {
    return !v.empty() && std::less_equal<>{}(text_.data(), v.data()) &&
           std::less<>{}(v.data(), text_.data() + text_.capacity());
  };
  if (inside(name) || inside(value)) {
    const std::string name_copy(name), value_copy(value);
    append(name_copy, value_copy);
    return;
  }
  if (entries_.empty()) entries_.reserve(4);
  const auto at = static_cast<std::uint32_t>(text_.size());
  text_.append(name).append(value);
  entries_.push_back(
      {at, static_cast<std::uint32_t>(name.size()), static_cast<std::uint32_t>(value.size())});
}

void Fields::set(std::string_view name, std::string_view value) {
  erase(name);
  append(name, value);
}

std::size_t Fields::erase(std::string_view name) noexcept {
  // The bytes of erased fields stay in text_ until the response goes: fields
  // are few and short-lived, so compacting would cost more than it saves.
  const auto removed = std::remove_if(entries_.begin(), entries_.end(), [&](const Entry& e) {
    return text::iequals(std::string_view(text_).substr(e.at, e.name_size), name);
  });
  const auto count = static_cast<std::size_t>(entries_.end() - removed);
  entries_.erase(removed, entries_.end());
  return count;
}

void Fields::append(const Fields& other) {
  if (&other == this) {
    const Fields copy = other;
    append(copy);
    return;
  }
  for (const Header h : other) append(h.name, h.value);
}

std::size_t Fields::wire_size() const noexcept {
  std::size_t n = 0;
  for (const Entry& e : entries_) n += e.name_size + e.value_size + 4;
  return n;
}

}  // namespace spur::http
