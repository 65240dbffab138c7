#include "spur/core/rules.hpp"

#include "spur/core/json_stringify.hpp"
#include "spur/regex/linear_regex.hpp"

namespace spur::detail {

std::size_t count_characters(std::string_view utf8) noexcept {
  std::size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // not a continuation
  return n;
}

std::string number_text(double n) {
  std::string out;
  append_js_number(out, n);  // as the JSON answers write numbers
  return out;
}
std::string number_text(std::int64_t n) { return std::to_string(n); }
std::string number_text(std::uint64_t n) { return std::to_string(n); }

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += ", ";
    out += '\'';
    out += v;
    out += '\'';
  }
  return out;
}

std::shared_ptr<const LinearRegex> compile_pattern(std::string_view pattern) {
  return std::make_shared<const LinearRegex>(pattern);
}

bool full_match(const LinearRegex& re, std::string_view text) noexcept {
  return re.full_match(text);
}

namespace {

bool is_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Dot-separated labels of letters, digits and inner hyphens, at least two,
// the last of two letters or more: "mail.example.com".
bool is_domain(std::string_view s) noexcept {
  if (s.empty() || s.size() > 253) return false;
  std::size_t labels = 0;
  std::string_view last;
  while (true) {
    const std::size_t dot = s.find('.');
    const std::string_view label = s.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label)
      if (!is_alnum(c) && c != '-') return false;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  if (labels < 2 || last.size() < 2) return false;
  for (char c : last)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

}  // namespace

bool is_email(std::string_view s) noexcept {
  const std::size_t at = s.rfind('@');
  if (at == std::string_view::npos || s.size() > 254) return false;
  const std::string_view local = s.substr(0, at);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos)
    return false;
  constexpr std::string_view allowed = ".!#$%&'*+/=?^_`{|}~-";
  for (char c : local)
    if (!is_alnum(c) && allowed.find(c) == std::string_view::npos) return false;
  return is_domain(s.substr(at + 1));
}

bool is_uuid(std::string_view s) noexcept {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
  }
  return true;
}

bool is_http_url(std::string_view s) noexcept {
  std::string_view rest;
  if (s.starts_with("https://"))
    rest = s.substr(8);
  else if (s.starts_with("http://"))
    rest = s.substr(7);
  else
    return false;
  for (char c : s)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;  // spaces, controls
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  std::string_view host = authority.substr(authority.rfind('@') + 1);  // after any user:pass@
  if (host.starts_with('[')) return host.find(']') != std::string_view::npos && host.size() > 2;
  host = host.substr(0, host.find(':'));
  return !host.empty() &&
         (is_domain(host) || host.find_first_not_of("0123456789.") == std::string_view::npos ||
          host == "localhost");
}

}  // namespace spur::detail
