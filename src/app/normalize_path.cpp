#include "normalize_path.hpp"

#include <vector>

#include "spur/text/ascii.hpp"

namespace spur::detail {
using text::hex_value;

namespace {
bool unreserved(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

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
