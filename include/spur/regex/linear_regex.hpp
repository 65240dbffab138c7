// Linear-time matcher for the ECMAScript regex subset used by Next.js matchers.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace spur::detail {

// A regular expression in the ECMAScript subset that Next.js matchers compile to,
// matched in O(input × pattern) time and constant stack, whatever the input.
//   LinearRegex re("^/api(?:/([^\\/#\\?]+?))?$");
//   re.full_match("/api/users")  // true
//
// The pattern is compiled to Thompson NFAs, run as a lazily built DFA (cache bounded per
// call; the Pike VM takes over if the DFA would blow up). Lookaheads are answered on demand
// or from a per-position table filled by one right-to-left pass of the reversed NFA.
// Matching is byte-oriented. See README.md for the supported syntax and the bounds.
// Objects are immutable after construction; copies share the compiled program.
class LinearRegex final {
 public:
  // Limits that keep a hostile or careless pattern from costing unbounded memory/time.
  static constexpr std::size_t kMaxNestingDepth = 100;    // nested groups/lookaheads
  static constexpr std::size_t kMaxRepeat = 1000;         // n and m in {n,m}
  static constexpr std::size_t kMaxInstructions = 20000;  // all NFA programs together
  static constexpr std::size_t kMaxLookaheads = 64;       // each costs input/8 bytes per match
  static constexpr std::size_t kMaxPatternBytes = 32768;

  // Compiles `pattern`; throws std::invalid_argument whose what() says what is
  // wrong or unsupported (and where), e.g. a backreference or an unbalanced '('.
  explicit LinearRegex(std::string_view pattern);

  // True when the whole of `input` matches, as std::regex_match does (the pattern
  // may also carry explicit ^ and $, which then anchor at the ends as usual).
  // Safe to call concurrently on one object. Allocates DFA caches (at most about 4 MiB),
  // scratch proportional to the program size, and input.size()/8 bytes per lookahead that
  // needs a table; a failed allocation terminates (the function is noexcept) rather than
  // returning a wrong answer.
  // A moved-from object matches nothing.
  bool full_match(std::string_view input) const noexcept;

  // Number of NFA instructions over all programs (for tests and diagnostics).
  std::size_t program_size() const noexcept;

 private:
  friend struct LinearRegexTesting;  // test hooks: see linear_regex_testing.hpp
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace spur::detail
