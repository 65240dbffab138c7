#include "spur/codegen/exports.hpp"

#include <algorithm>
#include <array>

namespace spur::codegen {
namespace {

constexpr std::array<std::string_view, 8> names = {"DELETE", "GET",  "HEAD", "OPTIONS",
                                                   "PATCH",  "POST", "PUT",  "SOCKET"};

bool is_identifier_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// `source` with comments and literals blanked out (same length, so offsets
// keep their meaning), leaving only the code to scan.
std::string code_only(std::string_view source) {
  std::string out(source);
  for (std::size_t i = 0; i < out.size();) {
    if (out.compare(i, 2, "//") == 0) {
      const std::size_t end = std::min(out.find('\n', i), out.size());
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(i),
                out.begin() + static_cast<std::ptrdiff_t>(end), ' ');
      i = end;
    } else if (out.compare(i, 2, "/*") == 0) {
      const std::size_t close = out.find("*/", i + 2);
      const std::size_t end = close == std::string::npos ? out.size() : close + 2;
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(i),
                out.begin() + static_cast<std::ptrdiff_t>(end), ' ');
      i = end;
    } else if (out[i] == '"' || out[i] == '\'') {
      const char quote = out[i];
      std::size_t j = i + 1;
      while (j < out.size() && out[j] != quote && out[j] != '\n') j += out[j] == '\\' ? 2 : 1;
      const std::size_t end = std::min(j + 1, out.size());
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(i),
                out.begin() + static_cast<std::ptrdiff_t>(end), ' ');
      i = end;
    } else {
      ++i;
    }
  }
  return out;
}

bool defines_at(std::string_view code, std::size_t at, std::size_t length) {
  if (at > 0 && is_identifier_char(code[at - 1])) return false;
  const std::size_t after = at + length;
  if (after < code.size() && is_identifier_char(code[after])) return false;
  // Not a member or a qualified name: `x.GET(`, `p->GET(`, `ns::GET(`.
  std::size_t before = at;
  while (before > 0 && (code[before - 1] == ' ' || code[before - 1] == '\t')) --before;
  if (before > 0 && (code[before - 1] == '.' || code[before - 1] == ':' ||
                     (before > 1 && code.substr(before - 2, 2) == "->")))
    return false;
  std::size_t next = after;
  while (next < code.size() && (code[next] == ' ' || code[next] == '\t' || code[next] == '\n'))
    ++next;
  return next < code.size() && (code[next] == '(' || code[next] == '=' || code[next] == '{');
}

}  // namespace

std::vector<std::string> exported_methods(std::string_view source) {
  const std::string code = code_only(source);
  std::vector<std::string> found;
  for (std::string_view name : names) {
    for (std::size_t at = code.find(name); at != std::string::npos; at = code.find(name, at + 1)) {
      if (defines_at(code, at, name.size())) {
        found.emplace_back(name);
        break;
      }
    }
  }
  return found;
}

std::string allow_for(const std::vector<std::string>& exported) {
  const auto has = [&](std::string_view n) {
    return std::find(exported.begin(), exported.end(), n) != exported.end();
  };
  std::string allow;
  for (std::string_view name : names) {
    if (name == "SOCKET") continue;
    const bool answered = has(name) || name == "OPTIONS" || (name == "HEAD" && has("GET")) ||
                          (name == "GET" && has("SOCKET"));
    if (!answered) continue;
    if (!allow.empty()) allow += ", ";
    allow += name;
  }
  return allow;
}

}  // namespace spur::codegen
