#pragma once
// Which requests a middleware runs for: its `config.matcher` patterns, in
// Next.js's syntax (path-to-regexp: `:name` a segment, `:name*` zero or more,
// `:name+` one or more, `:name?` optional, `(regex)` groups, `{…}` optional
// parts), compiled once to regular expressions that match the whole path
// case-sensitively (as Next.js compiles them), plus `has` / `missing` conditions.
// The expressions run on src/regex's linear-time engine, never std::regex: a
// request's path and headers are the client's, and a backtracking engine
// would let a long one cost milliseconds of CPU or overflow the stack.
#include <optional>
#include <string>
#include <vector>

#include "spur/middleware.hpp"
#include "spur/regex/linear_regex.hpp"

namespace spur::detail {

// The regular expression (ECMAScript) for one pattern, anchored; throws
// std::invalid_argument naming the pattern if it is malformed.
std::string matcher_regex(std::string_view source);

class MiddlewareMatcher {
 public:
  // Throws std::invalid_argument for a malformed pattern or condition regex.
  explicit MiddlewareMatcher(const std::vector<Matcher>& matchers);

  // True if the path (and conditions) of `request` select the middleware.
  bool matches(const Request& request) const;

 private:
  struct CompiledCondition {
    RouteHas::Type type;
    std::string key;
    std::optional<LinearRegex> value;
  };
  struct Compiled {
    LinearRegex path;
    std::vector<CompiledCondition> has, missing;
  };
  static bool holds(const CompiledCondition& c, const Request& request);

  std::vector<Compiled> compiled_;
  bool every_path_;
};

}  // namespace spur::detail
