#include "runtime/url.hpp"

#include "router/percent_decode.hpp"

namespace spur::detail {
namespace {

using router::hex_value;

bool unreserved(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Appends `s` with invalid UTF-8 sequences replaced by U+FFFD.
void append_utf8_sanitized(std::string_view s, std::string& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    if (router::is_valid_utf8(s.substr(i, 1))) {  // ASCII fast path
      out += s[i++];
      continue;
    }
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len > 1 && i + len <= s.size() && router::is_valid_utf8(s.substr(i, len))) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      i = start + 1;
    }
  }
}

}  // namespace

std::string form_decode(std::string_view in) {
  std::string bytes;
  bytes.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      bytes += ' ';
    } else if (c == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 &&
               hex_value(in[i + 2]) >= 0) {
      bytes += static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
      i += 2;
    } else {
      bytes += c;
    }
  }
  if (router::is_valid_utf8(bytes)) return bytes;
  std::string out;
  append_utf8_sanitized(bytes, out);
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view s) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!s.empty()) {
    std::size_t amp = s.find('&');
    std::string_view part = s.substr(0, amp);
    s = amp == std::string_view::npos ? std::string_view{} : s.substr(amp + 1);
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos)
      out.emplace_back(form_decode(part), std::string());
    else
      out.emplace_back(form_decode(part.substr(0, eq)), form_decode(part.substr(eq + 1)));
  }
  return out;
}

namespace {
// True when normalisation would change nothing: no escapes, no empty or dot
// segments, no trailing slash. The common case, checked without allocating.
bool already_normal(std::string_view p) noexcept {
  if (p.empty() || p.front() != '/') return false;
  if (p.size() == 1) return true;
  if (p.back() == '/') return false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '%') return false;
    if (p[i] != '/') continue;
    std::string_view next = p.substr(i + 1);
    if (next.empty() || next.front() == '/') return false;
    if (next.front() == '.') {
      std::size_t dots = next.size() > 1 && next[1] == '.' ? 2 : 1;
      if (next.size() == dots || next[dots] == '/') return false;
    }
  }
  return true;
}
}  // namespace

NormalizedPath normalize_path(std::string_view raw) {
  NormalizedPath result;
  if (already_normal(raw)) return result;  // path stays empty: use `raw`
  // Pass 1: validate escapes and decode the unreserved ones.
  std::string decoded;
  decoded.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      decoded += raw[i];
      continue;
    }
    if (i + 2 >= raw.size()) {
      result.verdict = NormalizedPath::Verdict::bad_request;
      return result;
    }
    int hi = hex_value(raw[i + 1]), lo = hex_value(raw[i + 2]);
    if (hi < 0 || lo < 0) {
      result.verdict = NormalizedPath::Verdict::bad_request;
      return result;
    }
    auto c = static_cast<unsigned char>(hi * 16 + lo);
    if (unreserved(c))
      decoded += static_cast<char>(c);
    else
      decoded.append(raw.substr(i, 3));
    i += 2;
  }

  // Pass 2: segments; dot segments resolve, empty ones ask for a redirect.
  std::vector<std::string_view> segments;
  bool redirect = false;
  std::string_view rest = std::string_view(decoded);
  if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    bool last = slash == std::string_view::npos;
    if (seg.empty()) {
      redirect = true;  // `//` or a trailing slash (the root "/" is excepted below)
    } else if (seg == ".") {
      // dropped
    } else if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else {
      segments.push_back(seg);
    }
    if (last) break;
    rest.remove_prefix(slash + 1);
  }
  if (decoded.size() <= 1) redirect = false;  // "/" (or empty) is the root

  std::string& path = result.path;
  path.reserve(decoded.size());
  for (std::string_view seg : segments) {
    path += '/';
    path += seg;
  }
  if (path.empty()) path = "/";
  result.verdict = redirect ? NormalizedPath::Verdict::redirect : NormalizedPath::Verdict::ok;
  return result;
}

}  // namespace spur::detail
