#include "spur/http/fields.hpp"

#include <algorithm>
#include <functional>

#include "spur/http/char_class.hpp"
#include "spur/text/ascii.hpp"

namespace spur::http {
namespace {

bool is_token(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), detail::is_tchar);
}

bool is_field_value(std::string_view s) noexcept {
  return std::all_of(s.begin(), s.end(), detail::is_field_vchar);
}

// The name as it may be quoted in a message: printable, cut short.
std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 64)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out += c;
    } else {
      out.append("\\x").append(1, text::hex_digit(u >> 4)).append(1, text::hex_digit(u));
    }
  }
  return out;
}

}  // namespace

bool Fields::refuse_invalid(std::string_view name, std::string_view value) {
  const bool good_name = is_token(name);
  if (good_name && is_field_value(value)) return false;
  if (refused_.empty())
    refused_ = good_name ? "header \"" + printable(name) +
                               "\" refused: its value holds a control character (only HTAB, "
                               "space and visible characters may appear)"
                         : "header \"" + printable(name) +
                               "\" refused: a header name is a token (letters, digits and "
                               "!#$%&'*+-.^_`|~)";
  return true;
}

std::optional<std::string_view> Fields::get(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Header h = at(i);
    if (text::iequals(h.name, name)) return h.value;
  }
  return std::nullopt;
}

void Fields::append(std::string_view name, std::string_view value) {
  if (refuse_invalid(name, value)) return;
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
  if (refused_.empty()) refused_ = other.refused_;
}

std::size_t Fields::wire_size() const noexcept {
  std::size_t n = 0;
  for (const Entry& e : entries_) n += e.name_size + e.value_size + 4;
  return n;
}

}  // namespace spur::http
