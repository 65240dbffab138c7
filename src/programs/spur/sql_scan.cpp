#include "sql_scan.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace spur::cli {
namespace {

struct Token {
  enum Kind { identifier, string, punct } kind;
  std::string text;  // a string's contents, escapes resolved
  int line = 0;
};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

char unescape(char c) {
  switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return '\0';
    default: return c;  // \\ \" \' \?
  }
}

// The tokens of C++ source text; numbers, characters and preprocessor lines
// are skipped, adjacent string literals are joined ("a" "b" is "ab").
std::vector<Token> tokenize(const std::string& s) {
  std::vector<Token> out;
  int line = 1;
  std::size_t i = 0;
  const std::size_t n = s.size();
  bool line_start = true;
  auto add_string = [&](std::string value, int at) {
    if (!out.empty() && out.back().kind == Token::string)
      out.back().text += value;
    else
      out.push_back({Token::string, std::move(value), at});
  };
  while (i < n) {
    const char c = s[i];
    if (c == '\n') {
      ++line;
      ++i;
      line_start = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (line_start && c == '#') {  // a preprocessor line, with its continuations
      while (i < n && s[i] != '\n') {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] == '\n') ++line, ++i;
        ++i;
      }
      continue;
    }
    line_start = false;
    if (c == '/' && i + 1 < n && s[i + 1] == '/') {
      while (i < n && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      i += 2;
      while (i + 1 < n && !(s[i] == '*' && s[i + 1] == '/')) line += s[i++] == '\n';
      i += 2;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {  // 10'000, 0x1F, 1e-3
      while (i < n && (ident_char(s[i]) || s[i] == '.' || s[i] == '\'' ||
                       ((s[i] == '-' || s[i] == '+') && (s[i - 1] == 'e' || s[i - 1] == 'E'))))
        ++i;
      continue;
    }
    if (ident_start(c)) {
      std::size_t j = i;
      while (j < n && ident_char(s[j])) ++j;
      std::string word = s.substr(i, j - i);
      const bool prefix = word == "R" || word == "u8R" || word == "uR" || word == "UR" ||
                          word == "LR" || word == "u8" || word == "u" || word == "U" || word == "L";
      if (prefix && j < n && s[j] == '"') {
        if (word.back() == 'R') {  // R"delim( ... )delim"
          const std::size_t open = s.find('(', j);
          if (open == std::string::npos) return out;
          std::string end(1, ')');  // ")delim\""
          end.append(s, j + 1, open - j - 1).push_back('"');
          const std::size_t close = s.find(end, open + 1);
          if (close == std::string::npos) return out;
          std::string value = s.substr(open + 1, close - open - 1);
          const int at = line;
          line += static_cast<int>(std::count(s.begin() + static_cast<long>(i),
                                              s.begin() + static_cast<long>(close), '\n'));
          add_string(std::move(value), at);
          i = close + end.size();
          continue;
        }
        i = j;  // u8"…": an ordinary literal follows
        continue;
      }
      out.push_back({Token::identifier, std::move(word), line});
      i = j;
      continue;
    }
    if (c == '"' || c == '\'') {
      std::string value;
      const int at = line;
      ++i;
      while (i < n && s[i] != c && s[i] != '\n') {
        if (s[i] == '\\' && i + 1 < n) {
          value += unescape(s[i + 1]);
          i += 2;
        } else {
          value += s[i++];
        }
      }
      ++i;
      if (c == '"') add_string(std::move(value), at);
      continue;
    }
    out.push_back({Token::punct, std::string(1, c), line});
    ++i;
  }
  return out;
}

bool is(const std::vector<Token>& t, std::size_t i, std::string_view text) {
  return i < t.size() && t[i].kind != Token::string && t[i].text == text;
}

// The index after the '>' that closes the '<' at `i`, collecting the last
// identifier inside; npos when unbalanced.
std::size_t skip_template_args(const std::vector<Token>& t, std::size_t i, std::string& last) {
  int depth = 0;
  for (; i < t.size(); ++i) {
    if (is(t, i, "<")) ++depth;
    if (is(t, i, ">") && --depth == 0) return i + 1;
    if (is(t, i, "(") || is(t, i, ";") || is(t, i, "{")) return std::string::npos;
    if (t[i].kind == Token::identifier) last = t[i].text;
  }
  return std::string::npos;
}

// Which members of `struct name { … }` are declared std::optional: a member's
// declaration is the statement (up to ';' at the struct's own depth) whose
// declarator names it.
void mark_optionals(const std::vector<Token>& t, const std::string& name,
                    std::vector<DescribedMember>& members) {
  for (std::size_t i = 0; i + 2 < t.size(); ++i) {
    if (!(is(t, i, "struct") || is(t, i, "class")) || !is(t, i + 1, name)) continue;
    std::size_t j = i + 2;
    while (j < t.size() && !is(t, j, "{") && !is(t, j, ";")) ++j;
    if (!is(t, j, "{")) continue;
    int depth = 0;
    bool optional = false;
    std::string declarator;
    for (++j; j < t.size(); ++j) {
      if (is(t, j, "{") || is(t, j, "(")) {
        if (depth++ == 0 && declarator.empty() && j > 0 && t[j - 1].kind == Token::identifier)
          declarator = t[j - 1].text;
        continue;
      }
      if (is(t, j, "}") || is(t, j, ")")) {
        if (depth-- == 0) return;
        continue;
      }
      if (depth > 0) continue;
      if (is(t, j, "optional")) optional = true;
      if (is(t, j, "=") && declarator.empty() && t[j - 1].kind == Token::identifier)
        declarator = t[j - 1].text;
      if (is(t, j, ";")) {
        if (declarator.empty() && t[j - 1].kind == Token::identifier) declarator = t[j - 1].text;
        for (DescribedMember& m : members)
          if (m.name == declarator) m.optional = optional;
        optional = false;
        declarator.clear();
      }
    }
    return;
  }
}

}  // namespace

void scan_source(const std::string& text, const fs::path& file, SqlScan& out) {
  const std::vector<Token> t = tokenize(text);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].kind != Token::identifier) continue;
    const std::string& word = t[i].text;
    if (word == "query" || word == "query_one" || word == "exec") {
      // db::query…, query<T>(…), tx.exec(…): not any function of that name.
      const bool qualified = i >= 3 && is(t, i - 1, ":") && is(t, i - 2, ":") && is(t, i - 3, "db");
      const bool member = i >= 1 && (is(t, i - 1, ".") || (is(t, i - 1, ">") && is(t, i - 2, "-")));
      std::size_t j = i + 1;
      std::string row_type;
      const bool templated = is(t, j, "<");
      if (templated) j = skip_template_args(t, j, row_type);
      if (j == std::string::npos || !is(t, j, "(")) continue;
      if (!(qualified || templated || (member && word == "exec"))) continue;
      if (j + 1 < t.size() && t[j + 1].kind == Token::string)
        out.uses.push_back({file, t[j + 1].line, word, row_type, t[j + 1].text});
    } else if (word == "Table" && is(t, i + 1, "<")) {
      std::string row_type;
      std::size_t j = skip_template_args(t, i + 1, row_type);
      if (j == std::string::npos || j + 2 >= t.size() || t[j].kind != Token::identifier) continue;
      if ((is(t, j + 1, "{") || is(t, j + 1, "(")) && t[j + 2].kind == Token::string)
        out.uses.push_back({file, t[j + 2].line, "table", row_type, t[j + 2].text});
    } else if (word == "BOOST_DESCRIBE_STRUCT" && is(t, i + 1, "(") && i + 2 < t.size()) {
      const std::string name = t[i + 2].text;
      // Skip to the third argument: after the second top-level ','.
      std::size_t j = i + 3;
      int depth = 0, commas = 0;
      for (; j < t.size() && commas < 2; ++j) {
        if (is(t, j, "(")) ++depth;
        if (is(t, j, ")")) --depth;
        if (depth == 0 && is(t, j, ",")) ++commas;
      }
      if (!is(t, j, "(")) continue;
      std::vector<DescribedMember> members;
      for (++j; j < t.size() && !is(t, j, ")"); ++j)
        if (t[j].kind == Token::identifier) members.push_back({t[j].text});
      mark_optionals(t, name, members);
      out.structs[name] = std::move(members);
    }
  }
}

SqlScan scan_app(const fs::path& app) {
  SqlScan out;
  std::error_code ec;
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(app, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (name.starts_with('.') || name == "build" || name == "node_modules")
        it.disable_recursion_pending();
      continue;
    }
    const std::string ext = it->path().extension().string();
    if (ext == ".cpp" || ext == ".hpp" || ext == ".h" || ext == ".cc") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    scan_source(text.str(), fs::relative(f, app), out);
  }
  return out;
}

}  // namespace spur::cli
