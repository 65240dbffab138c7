#include "middleware_matcher.hpp"

#include <stdexcept>

namespace spur::detail {
namespace {

// What a parameter without its own pattern matches: one segment.
constexpr std::string_view segment = "[^\\/#\\?]+?";

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::string escape(std::string_view literal) {
  std::string out;
  for (char c : literal) {
    if (std::string_view(".+*?=^!:${}()[]|/\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

[[noreturn]] void bad(std::string_view source, std::string_view why) {
  throw std::invalid_argument("middleware matcher \"" + std::string(source) +
                              "\": " + std::string(why));
}

// The balanced "(…)" group starting at `i` (on '('), without the parentheses.
std::string_view group_at(std::string_view source, std::size_t& i) {
  const std::size_t start = ++i;
  int depth = 1;
  for (; i < source.size(); ++i) {
    if (source[i] == '\\') {
      ++i;
      continue;
    }
    if (source[i] == '(') {
      if (i + 1 < source.size() && source[i + 1] != '?')
        bad(source, "capturing groups inside a group");
      ++depth;
    }
    if (source[i] == ')' && --depth == 0) return source.substr(start, i++ - start);
  }
  bad(source, "unbalanced '('");
}

// A parameter or group with its prefix ("/" before it, or "") and modifier.
std::string token_regex(std::string_view prefix, std::string_view pattern, char modifier) {
  const std::string p = escape(prefix);
  const std::string body = "(?:" + std::string(pattern) + ")";
  switch (modifier) {
    case '?': return "(?:" + p + "(" + std::string(pattern) + "))?";
    case '*': return "(?:" + p + "(" + body + "(?:" + p + body + ")*))?";
    case '+': return "(?:" + p + "(" + body + "(?:" + p + body + ")*))";
    default: return p + "(" + std::string(pattern) + ")";
  }
}

// Converts `source` from position `i` to `end`; used for the whole pattern
// and for the inside of `{…}` parts.
std::string convert(std::string_view source, std::size_t i, std::size_t end) {
  std::string out, pending;   // pending: literal text not yet written
  bool last_escaped = false;  // pending's last character came from a `\` escape
  auto flush = [&] {
    out += escape(pending);
    pending.clear();
  };
  while (i < end) {
    const char c = source[i];
    if (c == '\\' && i + 1 < end) {
      pending += source[i + 1];
      last_escaped = true;
      i += 2;
    } else if (c == ':' || c == '(') {
      std::string pattern(segment);
      if (c == ':') {
        const std::size_t start = ++i;
        while (i < end && is_name_char(source[i])) ++i;
        if (i == start) bad(source, "':' without a parameter name");
        if (i < end && source[i] == '(') pattern = group_at(source, i);
      } else {
        pattern = group_at(source, i);
      }
      if (pattern.empty()) bad(source, "empty group");
      const char modifier =
          i < end && std::string_view("?*+").find(source[i]) != std::string_view::npos ? source[i++]
                                                                                       : 0;
      // As path-to-regexp: a '/' or '.' written right before the parameter
      // belongs to it, so "/api/:path*" also matches "/api" and "/file.:ext?"
      // matches "/file".
      std::string prefix;
      if (!pending.empty() && !last_escaped && (pending.back() == '/' || pending.back() == '.')) {
        prefix = pending.back();
        pending.pop_back();
      }
      flush();
      out += token_regex(prefix, pattern, modifier);
    } else if (c == '{') {
      const std::size_t close = source.find('}', i);
      if (close == std::string_view::npos || close >= end) bad(source, "unbalanced '{'");
      flush();
      const std::string inner = convert(source, i + 1, close);
      i = close + 1;
      const char modifier =
          i < end && std::string_view("?*+").find(source[i]) != std::string_view::npos ? source[i++]
                                                                                       : 0;
      out += "(?:" + inner + ")";
      if (modifier) out += modifier;
    } else if (c == '*' || c == '+' || c == '?' || c == ')' || c == '}') {
      bad(source, std::string("unexpected '") + c + "'");
    } else {
      pending += c;
      last_escaped = false;
      ++i;
    }
  }
  flush();
  return out;
}

// The Host without its port, lower-cased (host names have no case).
std::string host_name(std::string_view host) {
  std::string name(!host.empty() && host.front() == '[' ? host.substr(0, host.find(']') + 1)
                                                        : host.substr(0, host.find(':')));
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return name;
}

}  // namespace

std::string matcher_regex(std::string_view source) {
  if (source.empty() || source.front() != '/') bad(source, "must start with '/'");
  return "^" + convert(source, 0, source.size()) + "$";
}

MiddlewareMatcher::MiddlewareMatcher(const std::vector<Matcher>& matchers)
    : every_path_(matchers.empty()) {
  // Case-sensitive, as Next.js's matcher (a RegExp without the `i` flag).
  const auto compile_conditions = [&](const Matcher& m, const std::vector<RouteHas>& conditions) {
    std::vector<CompiledCondition> out;
    for (const RouteHas& c : conditions) {
      if (c.type != RouteHas::host && c.key.empty()) bad(m.source, "a condition without a key");
      if (c.type == RouteHas::host && !c.value) bad(m.source, "a host condition needs a value");
      CompiledCondition compiled{c.type, c.key, std::nullopt};
      try {
        if (c.value) compiled.value.emplace("^(?:" + *c.value + ")$");
      } catch (const std::invalid_argument& e) {
        bad(m.source, "condition value \"" + *c.value + "\": " + e.what());
      }
      out.push_back(std::move(compiled));
    }
    return out;
  };
  for (const Matcher& m : matchers) {
    const std::string re = matcher_regex(m.source);
    std::optional<LinearRegex> path;
    try {
      path.emplace(re);
    } catch (const std::invalid_argument& e) {
      bad(m.source, e.what());
    }
    compiled_.push_back(
        {std::move(*path), compile_conditions(m, m.has), compile_conditions(m, m.missing)});
  }
}

bool MiddlewareMatcher::holds(const CompiledCondition& c, const Request& request) {
  std::optional<std::string> found;
  switch (c.type) {
    case RouteHas::header:
      if (auto v = request.header(c.key)) found.emplace(*v);
      break;
    case RouteHas::query: {
      // A repeated name: its last value, as Next.js reads it.
      const auto entries = request.search_params().entries();
      for (auto it = entries.rbegin(); it != entries.rend(); ++it)
        if (it->first == c.key) {
          found.emplace(it->second);
          break;
        }
      break;
    }
    case RouteHas::cookie:
      if (auto v = request.cookies().get(c.key)) found.emplace(*v);
      break;
    case RouteHas::host: found.emplace(host_name(request.host())); break;
  }
  // As in Next.js, an empty value is no value.
  if (!found || found->empty()) return false;
  return !c.value || c.value->full_match(*found);
}

bool MiddlewareMatcher::matches(const Request& request) const {
  if (every_path_) return true;
  for (const Compiled& c : compiled_) {
    if (!c.path.full_match(request.path())) continue;
    bool ok = true;
    for (const CompiledCondition& h : c.has) ok = ok && holds(h, request);
    for (const CompiledCondition& m : c.missing) ok = ok && !holds(m, request);
    if (ok) return true;
  }
  return false;
}

}  // namespace spur::detail
