// libFuzzer target for LinearRegex.
//
// 1. Robustness: the raw fuzz bytes as a pattern must either compile or throw
//    std::invalid_argument (any other exception or crash is a bug), and a compiled pattern
//    must match a few inputs without crashing.
// 2. Differential: a small pattern is generated from the SUPPORTED syntax, plus a short
//    input, and std::regex_match (ECMAScript), the Pike VM and the lazy DFA (in several
//    tunings: default, lookahead tables only, lookahead queries only, tiny caches that
//    are cleared constantly) must all agree. Inputs are at most kMaxInput bytes
//    (kMaxInputWithLoops when the pattern has * + {n,}) so that libstdc++'s backtracking
//    stays fast and shallow; every prefix is compared too.
// 3. DFA vs Pike VM only, where std::regex cannot follow: the raw fuzz pattern of (1) on a
//    few inputs, and the generated pattern on a longer input (the short one repeated up to
//    kLongInput bytes), which exercises self-loop skipping and cache clearing.
//
// The generator avoids the places where libstdc++ (GCC 12) legitimately differs from
// ECMAScript, so a mismatch there is not reported:
//   - ^, \b and \B inside a lookahead: libstdc++ evaluates the lookahead as a new match
//     starting at the current position, so ^ holds there and \b ignores the byte before.
//   - quantified lookaheads such as (?=a)*: ECMAScript Annex B allows them; libstdc++
//     rejects them (patterns std::regex rejects are skipped anyway).
//   - [] and [^]: ECMAScript empty / match-all classes; libstdc++ parses them differently.
//   - \cX control escapes: libstdc++ does not match them like ECMAScript.
//   - '[' inside a class: libstdc++ reads [:alpha:] etc. as POSIX classes, ECMAScript does
//     not.
//   - \s and \w on bytes >= 0x80: locale-dependent in libstdc++; ASCII-only here (the
//     fuzzer runs in the "C" locale, where they agree).
//
// Environment: LINEAR_REGEX_FUZZ_STATS=1 prints comparison counts at exit;
// LINEAR_REGEX_FUZZ_PRINT=1 prints each generated pattern and input (to replay a file).
//
// Build ($SRCS: the library's .cpp files, see README.md):
//   clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined $SRCS linear_regex_fuzz.cpp
//       -o fuzz && ./fuzz -max_total_time=60

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <string_view>

#include "regex/linear_regex_testing.hpp"
#include "spur/regex/linear_regex.hpp"

namespace {

using spur::detail::LinearRegex;
using spur::detail::LinearRegexTesting;

// libstdc++ backtracks exponentially in the input length on loops such as (|\D{0,2}){1,}
// (base 4 or so), so inputs are cut to kMaxInputWithLoops bytes when the pattern has an
// unbounded quantifier; without one the number of paths is bounded by the pattern alone.
constexpr std::size_t kMaxInput = 24;
constexpr std::size_t kMaxInputWithLoops = 8;
constexpr std::size_t kLongInput = 600;
constexpr int kMaxDepth = 3;
constexpr int kMaxLoops = 2;

// Outcome counts of the differential check, printed at exit when LINEAR_REGEX_FUZZ_STATS
// is set, to confirm the generator really exercises the comparison.
struct Stats final {
  unsigned long compared = 0;
  unsigned long matched = 0;
  unsigned long std_rejected = 0;
  unsigned long range_refused = 0;
  unsigned long dfa_vs_pike = 0;  // DFA runs compared with the Pike VM (all tunings)
  unsigned long dfa_gave_up = 0;
  ~Stats() {
    if (std::getenv("LINEAR_REGEX_FUZZ_STATS") == nullptr) return;
    std::fprintf(stderr,
                 "stats: compared=%lu (true=%lu) std_rejected=%lu range_refused=%lu "
                 "dfa_vs_pike=%lu dfa_gave_up=%lu\n",
                 compared, matched, std_rejected, range_refused, dfa_vs_pike, dfa_gave_up);
  }
};
Stats stats;

// Hands out fuzz bytes; yields zeros once exhausted so generation always terminates.
class ByteReader final {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t next() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::size_t pick(std::size_t choices) { return next() % choices; }
  bool exhausted() const { return pos_ >= size_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

template <std::size_t N>
const char* pick_from(ByteReader& reader, const char* const (&choices)[N]) {
  return choices[reader.pick(N)];
}

class PatternGenerator final {
 public:
  explicit PatternGenerator(ByteReader& reader) : reader_(reader) {}

  std::string generate() { return alternation(Context{}); }

  // True when the generated pattern contains * + or {n,}.
  bool has_unbounded_loop() const { return has_unbounded_loop_; }

 private:
  // Where in the pattern the generator is. libstdc++ backtracks exponentially on nested
  // quantifiers, so at most kMaxLoops quantifiers are nested and, inside an unbounded one
  // (* + {n,}), only bounded ones are used; that keeps every std::regex_match call fast.
  struct Context final {
    int depth = 0;  // enclosing groups and lookaheads
    int loops = 0;  // enclosing quantifiers
    bool in_unbounded = false;
    bool in_lookahead = false;
  };

  std::string alternation(const Context& context) {
    std::string out = concatenation(context);
    const std::size_t extra = reader_.pick(4) == 1 ? 1 + reader_.pick(2) : 0;
    for (std::size_t i = 0; i < extra; ++i) {
      out += "|";
      out += concatenation(context);
    }
    return out;
  }

  std::string concatenation(const Context& context) {
    std::string out;
    const std::size_t terms = reader_.pick(5);
    for (std::size_t i = 0; i < terms && !reader_.exhausted(); ++i) out += term(context);
    return out;
  }

  std::string term(const Context& context) {
    switch (reader_.pick(12)) {
      case 1: return assertion(context);
      case 2:
        if (context.depth < kMaxDepth) return lookahead(context);
        break;
      default: break;
    }
    // The quantifier is chosen first so that the atom knows which loops enclose it.
    const std::string suffix = context.loops < kMaxLoops ? quantifier(context) : "";
    Context inner = context;
    if (!suffix.empty()) {
      ++inner.loops;
      const bool unbounded =
          suffix[0] == '*' || suffix[0] == '+' || suffix.find(",}") != std::string::npos;
      inner.in_unbounded |= unbounded;
      has_unbounded_loop_ |= unbounded;
    }
    std::string out = atom(inner);
    return out + suffix;
  }

  std::string assertion(const Context& context) {
    static const char* const kAll[] = {"^", "$", "\\b", "\\B"};
    if (context.in_lookahead) return "$";  // see the file comment
    return pick_from(reader_, kAll);
  }

  std::string lookahead(const Context& context) {
    const char* open = reader_.pick(2) == 0 ? "(?=" : "(?!";
    Context inner = context;
    ++inner.depth;
    inner.in_lookahead = true;
    return open + alternation(inner) + ")";
  }

  std::string atom(const Context& context) {
    // \0 is emitted as (?:\0) so that a following digit cannot make it an octal escape.
    static const char* const kLiterals[] = {"a",   "a",   "b",     "x",       "/",   "-",
                                            "_",   "0",   "\\.",   "\\/",     "\\-", "\\\\",
                                            "\\?", "\\n", "\\x61", "\\u0062", "\\t", "(?:\\0)",
                                            "\\_", "\\ ", "]",     "}",       " ",   "#"};
    static const char* const kEscapeClasses[] = {"\\d", "\\D", "\\w", "\\W", "\\s", "\\S"};
    switch (reader_.pick(8)) {
      case 0: return ".";
      case 1: return klass();
      case 2: return pick_from(reader_, kEscapeClasses);
      case 3:
        if (context.depth < kMaxDepth) {
          const char* open = reader_.pick(2) == 0 ? "(" : "(?:";
          Context inner = context;
          ++inner.depth;
          return open + alternation(inner) + ")";
        }
        break;
      default: break;
    }
    return pick_from(reader_, kLiterals);
  }

  std::string klass() {
    static const char* const kItems[] = {"a",   "b",    "x",   "/",   "-",   "_",          "0",
                                         ".",   "?",    "#",   "a-b", "0-9", "a-z",        "A-Z",
                                         "\\d", "\\w",  "\\s", "\\D", "\\W", "\\/",        "\\-",
                                         "\\]", "\\\\", "\\n", "\\b", " ",   "\\x00-\\x1f"};
    std::string out = reader_.pick(3) == 0 ? "[^" : "[";
    const std::size_t items = 1 + reader_.pick(3);  // never [] or [^]
    for (std::size_t i = 0; i < items; ++i) out += pick_from(reader_, kItems);
    return out + "]";
  }

  std::string quantifier(const Context& context) {
    static const char* const kAny[] = {"*",    "+",    "?",     "{0}",   "{1}",   "{2}",
                                       "{0,}", "{1,}", "{0,1}", "{1,2}", "{2,3}", "{0,2}"};
    static const char* const kBounded[] = {"?", "{0}", "{1}", "{2}", "{0,1}", "{1,2}", "{0,2}"};
    if (reader_.pick(3) != 0) return "";
    std::string out =
        context.in_unbounded ? pick_from(reader_, kBounded) : pick_from(reader_, kAny);
    if (reader_.pick(3) == 0) out += "?";
    return out;
  }

  ByteReader& reader_;
  bool has_unbounded_loop_ = false;
};

std::string generate_input(ByteReader& reader) {
  static const char kAlphabet[] = {'a', 'a', 'b', 'x',  '/',  '-',  '.',  '_',  '0',    '9',   ' ',
                                   '?', '#', 'A', '\\', '\n', '\r', '\t', '\0', '\x80', '\xff'};
  std::string out;
  const std::size_t length = reader.pick(kMaxInput + 1);
  for (std::size_t i = 0; i < length; ++i) out += kAlphabet[reader.pick(sizeof(kAlphabet))];
  return out;
}

std::string printable(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\x%02x", byte);
      out += buffer;
    }
  }
  return out;
}

// DFA tunings compared with the Pike VM: default, lookahead tables only, lookahead queries
// only, a small cache, and a cache so small that states are dropped all the time.
const LinearRegexTesting::DfaOptions kDfaTunings[] = {
    {},
    {.lookahead_query_budget = 0},
    {.lookahead_query_budget = SIZE_MAX - 1},
    {.cache_bytes = 2048},
    {.cache_bytes = 300, .lookahead_query_budget = 0},
};

// Returns the Pike VM's answer; aborts when a DFA tuning disagrees with it.
bool pike_checked_against_dfa(const LinearRegex& re, std::string_view pattern,
                              std::string_view input) {
  const bool reference = LinearRegexTesting::pike_vm(re, input);
  for (const auto& tuning : kDfaTunings) {
    const auto report = LinearRegexTesting::lazy_dfa(re, input, tuning);
    ++stats.dfa_vs_pike;
    if (report.gave_up) ++stats.dfa_gave_up;
    if (report.matched != reference) {
      std::fprintf(stderr,
                   "DFA MISMATCH pattern=\"%s\" input=\"%s\" DFA=%d (cache=%zu budget=%zu) "
                   "PikeVM=%d\n",
                   printable(pattern).c_str(), printable(input).c_str(), report.matched,
                   tuning.cache_bytes, tuning.lookahead_query_budget, reference);
      std::abort();
    }
  }
  if (re.full_match(input) != reference) std::abort();
  return reference;
}

void check_arbitrary_pattern(std::string_view pattern) {
  try {
    const LinearRegex re(pattern);
    // Must not crash, and the two engines must agree, whatever they answer.
    (void)pike_checked_against_dfa(re, pattern, pattern);
    (void)pike_checked_against_dfa(re, pattern, "");
    (void)pike_checked_against_dfa(re, pattern, "/api/a/b");
  } catch (const std::invalid_argument&) {
    // A refusal is fine; anything else propagates and aborts.
  }
}

bool std_full_match(const std::regex& reference, const std::string& input, bool& ok) {
  try {
    return std::regex_match(input, reference);
  } catch (const std::regex_error&) {
    ok = false;  // libstdc++ gave up (complexity/stack)
    return false;
  }
}

// Compares on `input` and on each of its proper prefixes, sharing the compiled patterns.
void check_against_std_regex(const std::string& pattern, const std::string& input) {
  std::regex reference;
  try {
    reference = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    ++stats.std_rejected;
    return;  // outside what both implement
  }
  std::unique_ptr<LinearRegex> ours;
  try {
    ours = std::make_unique<LinearRegex>(pattern);
  } catch (const std::invalid_argument& e) {
    // The generator emits only supported syntax, but its random class items can form
    // ranges that ECMAScript rejects too ([x-a], [a-\d]); any other refusal of a pattern
    // that std::regex accepts is a bug.
    if (std::string_view(e.what()).find("range") != std::string_view::npos) {
      ++stats.range_refused;
      return;
    }
    std::fprintf(stderr, "REFUSED pattern=\"%s\": %s\n", printable(pattern).c_str(), e.what());
    std::abort();
  }
  for (std::size_t length = 0; length <= input.size(); ++length) {
    const std::string text = input.substr(0, length);
    bool ok = true;
    const bool expected = std_full_match(reference, text, ok);
    if (!ok) continue;
    const bool actual = pike_checked_against_dfa(*ours, pattern, text);
    ++stats.compared;
    if (actual) ++stats.matched;
    if (actual != expected) {
      std::fprintf(stderr, "MISMATCH pattern=\"%s\" input=\"%s\" LinearRegex=%d std::regex=%d\n",
                   printable(pattern).c_str(), printable(text).c_str(), actual, expected);
      std::abort();
    }
  }
  // Longer input, DFA vs Pike VM only; a different last byte gives a second verdict.
  if (input.empty()) return;
  std::string long_input;
  while (long_input.size() < kLongInput) long_input += input;
  (void)pike_checked_against_dfa(*ours, pattern, long_input);
  long_input.back() = input.front();
  (void)pike_checked_against_dfa(*ours, pattern, long_input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_arbitrary_pattern(std::string_view(reinterpret_cast<const char*>(data), size));

  // The input comes first so that it is not starved when the pattern uses up the data.
  ByteReader reader(data, size);
  std::string input = generate_input(reader);
  PatternGenerator generator(reader);
  const std::string pattern = generator.generate();
  if (generator.has_unbounded_loop() && input.size() > kMaxInputWithLoops) {
    input.resize(kMaxInputWithLoops);
  }
  if (std::getenv("LINEAR_REGEX_FUZZ_PRINT") != nullptr) {
    std::fprintf(stderr, "pattern=\"%s\" input=\"%s\"\n", printable(pattern).c_str(),
                 printable(input).c_str());
  }
  check_against_std_regex(pattern, input);
  return 0;
}
