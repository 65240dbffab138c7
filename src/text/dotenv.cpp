#include "spur/text/dotenv.hpp"

namespace spur::text {
namespace {

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}
bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (blank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::vector<DotenvEntry> parse_dotenv(std::string_view text) {
  std::vector<DotenvEntry> out;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto skip_line = [&] {
    const std::size_t end = text.find('\n', i);
    i = end == std::string_view::npos ? n : end + 1;
  };
  while (i < n) {
    while (i < n && blank(text[i])) ++i;
    if (text.substr(i).starts_with("export") && i + 6 < n && blank(text[i + 6])) {
      i += 6;
      while (i < n && blank(text[i])) ++i;
    }
    const std::size_t key_start = i;
    while (i < n && key_char(text[i])) ++i;
    std::string key(text.substr(key_start, i - key_start));
    while (i < n && blank(text[i])) ++i;
    if (key.empty() || i >= n || (text[i] != '=' && text[i] != ':')) {
      skip_line();
      continue;
    }
    const bool colon = text[i] == ':';
    ++i;
    if (colon && (i >= n || !blank(text[i]))) {  // "KEY: value" needs the space
      skip_line();
      continue;
    }
    while (i < n && blank(text[i])) ++i;
    DotenvEntry entry{std::move(key), {}, false};
    const char q = i < n ? text[i] : '\0';
    std::size_t close = std::string_view::npos;
    if (q == '\'' || q == '"' || q == '`') {
      for (std::size_t j = i + 1; j < n; ++j) {
        if (text[j] == '\\' && j + 1 < n && text[j + 1] == q) {
          ++j;
          continue;
        }
        if (text[j] == q) {
          close = j;
          break;
        }
      }
    }
    if (close != std::string_view::npos) {
      std::string_view inside = text.substr(i + 1, close - i - 1);
      if (q == '"') {
        for (std::size_t j = 0; j < inside.size(); ++j) {
          if (inside[j] == '\\' && j + 1 < inside.size() &&
              (inside[j + 1] == 'n' || inside[j + 1] == 'r')) {
            entry.value += inside[j + 1] == 'n' ? '\n' : '\r';
            ++j;
          } else {
            entry.value += inside[j];
          }
        }
      } else {
        entry.value = std::string(inside);
      }
      // CRLF inside a multi-line value reads as LF.
      for (std::size_t at; (at = entry.value.find("\r\n")) != std::string::npos;)
        entry.value.erase(at, 1);
      entry.literal = q == '\'';
      i = close + 1;
      skip_line();  // a comment after the closing quote
    } else {
      const std::size_t end = text.find_first_of("#\n", i);
      entry.value =
          std::string(trim(text.substr(i, end == std::string_view::npos ? n - i : end - i)));
      i = end == std::string_view::npos ? n : end;
      if (i < n && text[i] == '#')
        skip_line();
      else if (i < n)
        ++i;
    }
    out.push_back(std::move(entry));
  }
  // A later line with the same key wins.
  std::vector<DotenvEntry> unique;
  for (auto it = out.rbegin(); it != out.rend(); ++it) {
    bool seen = false;
    for (const DotenvEntry& e : unique) seen = seen || e.key == it->key;
    if (!seen) unique.push_back(std::move(*it));
  }
  return {std::make_move_iterator(unique.rbegin()), std::make_move_iterator(unique.rend())};
}

std::string expand_dotenv(
    std::string_view value,
    const std::function<std::optional<std::string>(std::string_view)>& lookup) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '\\' && i + 1 < value.size() && value[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (c != '$' || i + 1 >= value.size()) {
      out += c;
      continue;
    }
    std::string_view name, fallback;
    bool has_fallback = false;
    std::size_t end;
    if (value[i + 1] == '{') {
      const std::size_t close = value.find('}', i + 2);
      if (close == std::string_view::npos) {
        out += c;
        continue;
      }
      std::string_view inner = value.substr(i + 2, close - i - 2);
      if (const std::size_t dash = inner.find(":-"); dash != std::string_view::npos) {
        fallback = inner.substr(dash + 2);
        inner = inner.substr(0, dash);
        has_fallback = true;
      }
      name = inner;
      end = close + 1;
    } else {
      std::size_t j = i + 1;
      while (j < value.size() && name_char(value[j])) ++j;
      name = value.substr(i + 1, j - i - 1);
      end = j;
    }
    if (name.empty()) {
      out += c;
      continue;
    }
    const std::optional<std::string> found = lookup(name);
    if (found && !found->empty())
      out += *found;
    else if (has_fallback)
      out += fallback;
    i = end - 1;
  }
  return out;
}

}  // namespace spur::text
