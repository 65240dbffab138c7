#include "etag.hpp"

#include <charconv>

#include "spur/http/header.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/http_date.hpp"
#include "spur/text/list.hpp"
#include "spur/text/utf8.hpp"

namespace spur::detail::pages {
namespace {

// Node joins repeated fields of most names with ", " (IncomingMessage#headers).
std::string joined_header(const Request& request, std::string_view name) {
  std::string out;
  bool first = true;
  for (const http::Header& h : request.headers()) {
    if (!text::iequals(h.name, name)) continue;
    if (!first) out += ", ";
    out += h.value;
    first = false;
  }
  return out;
}

// The `fresh` package's /(?:^|,)\s*?no-cache\s*?(?:,|$)/ (case-sensitive).
bool says_no_cache(std::string_view cache_control) {
  return !text::for_each_list_element(cache_control,
                                      [](std::string_view item) { return item != "no-cache"; });
}

// Comma-separated tokens with the spaces around them dropped (spaces inside a
// token are kept), as `fresh` splits If-None-Match.
template <typename F>
void for_each_token(std::string_view s, F&& f) {
  std::size_t start = 0, end = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ' ') {
      if (start == end) start = end = i + 1;
    } else if (s[i] == ',') {
      f(s.substr(start, end - start));
      start = end = i + 1;
    } else {
      end = i + 1;
    }
  }
  f(s.substr(start, end - start));
}

}  // namespace

void Fnv1a52::add_utf8(std::string_view utf8) noexcept {
  if (text::is_ascii(utf8)) {
    add_ascii(utf8);
    return;
  }
  text::for_each_utf16_unit(utf8, [this](char16_t unit) { add(unit); });
}

std::uint64_t Fnv1a52::value() const noexcept {
  const std::uint64_t top = hash_ >> 48;
  return ((top & 0xF) << 48) | (hash_ & 0xFFFFFFFF0000ull) | ((hash_ & 0xFFFF) ^ (top >> 4));
}

std::string to_base36(std::uint64_t n) {
  char digits[16];
  auto r = std::to_chars(digits, digits + sizeof digits, n, 36);
  return std::string(digits, r.ptr);
}

namespace {
std::string format_etag(const Fnv1a52& h) {
  return '"' + to_base36(h.value()) + to_base36(h.units()) + '"';
}
}  // namespace

std::string etag_for_text(std::string_view utf8) {
  Fnv1a52 h;
  h.add_utf8(utf8);
  return format_etag(h);
}

std::string etag_for_bytes(std::string_view bytes) {
  Fnv1a52 h;
  h.add_ascii(R"({"type":"Buffer","data":[)");
  char digits[4];
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0) h.add(u',');
    auto r = std::to_chars(digits, digits + sizeof digits, static_cast<unsigned char>(bytes[i]));
    h.add_ascii(std::string_view(digits, static_cast<std::size_t>(r.ptr - digits)));
  }
  h.add_ascii("]}");
  return format_etag(h);
}

bool is_fresh(const Request& request, std::string_view etag,
              std::optional<std::string_view> last_modified) {
  const std::string none_match = joined_header(request, "if-none-match");
  const std::string modified_since = joined_header(request, "if-modified-since");
  if (none_match.empty() && modified_since.empty()) return false;
  if (says_no_cache(joined_header(request, "cache-control"))) return false;

  if (!none_match.empty() && none_match != "*") {
    if (etag.empty()) return false;
    bool matched = false;
    for_each_token(none_match, [&](std::string_view token) {
      if (token == etag || (token.starts_with("W/") && token.substr(2) == etag) ||
          (etag.starts_with("W/") && etag.substr(2) == token))
        matched = true;
    });
    if (!matched) return false;
  }

  if (!modified_since.empty()) {
    if (!last_modified) return false;
    auto since = text::parse_http_date(modified_since);
    auto modified = text::parse_http_date(*last_modified);
    if (!since || !modified || *modified > *since) return false;
  }
  return true;
}

}  // namespace spur::detail::pages
