#include "spur/regex/linear_regex.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "regex/linear_regex_testing.hpp"

namespace spur::detail {
namespace {

using DfaOptions = LinearRegexTesting::DfaOptions;

bool std_full_match(const std::string& pattern, const std::string& input) {
  return std::regex_match(input, std::regex(pattern, std::regex::ECMAScript));
}

// DFA configurations that every differential check runs: the default, lookaheads answered
// only by tables or only on demand, and caches so small that they are cleared constantly
// (or that the DFA gives up at once and the Pike VM answers).
const std::vector<DfaOptions>& dfa_configurations() {
  static const std::vector<DfaOptions> configurations = {
      {},
      {.lookahead_query_budget = 0},
      {.lookahead_query_budget = SIZE_MAX - 1},
      {.cache_bytes = 2048, .lookahead_query_budget = 0},
      {.cache_bytes = 2048},
      {.cache_bytes = 1},
  };
  return configurations;
}

// Runs the Pike VM and every DFA configuration; returns the Pike VM's answer after checking
// that all of them agree with it.
bool expect_engines_agree(const LinearRegex& re, const std::string& pattern,
                          const std::string& input) {
  const bool reference = LinearRegexTesting::pike_vm(re, input);
  for (const DfaOptions& options : dfa_configurations()) {
    const auto report = LinearRegexTesting::lazy_dfa(re, input, options);
    EXPECT_EQ(report.matched, reference)
        << "DFA (cache " << options.cache_bytes << ", query budget "
        << options.lookahead_query_budget << ") differs from the Pike VM; pattern: " << pattern
        << " input: " << input;
  }
  EXPECT_EQ(re.full_match(input), reference) << "pattern: " << pattern << " input: " << input;
  return reference;
}

// ---------------------------------------------------------------------------------------
// Table of named cases. `vs_std` = also check against std::regex_match; it is false where
// libstdc++ rejects the syntax or deviates from ECMAScript (noted per case).

struct MatchCase {
  const char* name;
  std::string pattern;
  std::string input;
  bool expected;
  bool vs_std = true;
};

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

const std::string kApiPathStar = R"(^/api(?:/((?:[^\/#\?]+?)(?:/(?:[^\/#\?]+?))*))?$)";
const std::string kLangRest = R"(^/lang/(en|fr)(?:/((?:[^\/#\?]+?)(?:/(?:[^\/#\?]+?))*))?$)";
const std::string kNextDefault = R"(^/((?!api|_next/static|_next/image|favicon.ico).*)$)";

const std::vector<MatchCase>& match_cases() {
  static const std::vector<MatchCase> cases = {
      // Plain paths.
      {"about_exact", "^/about$", "/about", true},
      {"about_longer", "^/about$", "/about/x", false},
      {"about_unanchored", "/about", "/about", true},
      {"about_unanchored_prefix_only", "/about", "/about/x", false},
      // Optional group shapes.
      {"optional_group_empty", "^(?:/(api))?$", "", true},
      {"optional_group_api", "^(?:/(api))?$", "/api", true},
      {"optional_group_partial", "^(?:/(api))?$", "/ap", false},
      {"optional_group_trailing_slash", "^(?:/(api))?$", "/api/", false},
      // path-to-regexp /api/:path*
      {"api_path_star_bare", kApiPathStar, "/api", true},
      {"api_path_star_one", kApiPathStar, "/api/a", true},
      {"api_path_star_many", kApiPathStar, "/api/a/b/c", true},
      {"api_path_star_suffix", kApiPathStar, "/apiX", false},
      {"api_path_star_dash", kApiPathStar, "/api-x", false},
      {"api_path_star_empty_segment", kApiPathStar, "/api/a//b", false},
      {"api_path_star_trailing_slash", kApiPathStar, "/api/", false},
      {"api_path_star_query", kApiPathStar, "/api/a?x", false},
      // Digits.
      {"user_id", R"(^/user/(\d+)$)", "/user/12", true},
      {"user_id_suffix", R"(^/user/(\d+)$)", "/user/12a", false},
      {"user_id_missing", R"(^/user/(\d+)$)", "/user/", false},
      // Alternation plus rest.
      {"lang_en", kLangRest, "/lang/en", true},
      {"lang_fr_rest", kLangRest, "/lang/fr/a/b", true},
      {"lang_de", kLangRest, "/lang/de", false},
      {"lang_enx", kLangRest, "/lang/enx", false},
      {"lang_en_trailing", kLangRest, "/lang/en/", false},
      // Negative lookahead matchers.
      {"not_api_about", "^/((?!api|_next).*)$", "/about", true},
      {"not_api_root", "^/((?!api|_next).*)$", "/", true},
      {"not_api_api_x", "^/((?!api|_next).*)$", "/api/x", false},
      {"not_api_api", "^/((?!api|_next).*)$", "/api", false},
      {"not_api_apix", "^/((?!api|_next).*)$", "/apix", false},
      {"not_api_next_static", "^/((?!api|_next).*)$", "/_next/static/a.js", false},
      {"not_api_nested_api", "^/((?!api|_next).*)$", "/x/api", true},
      {"not_api_unanchored_about", "/((?!api|_next).*)", "/about", true},
      {"not_api_unanchored_apix", "/((?!api|_next).*)", "/apix", false},
      {"not_api_unanchored_root", "/((?!api|_next).*)", "/", true},
      {"not_api_slash_apix", "^/((?!api/|_next/).*)$", "/apix", true},
      {"not_api_slash_api", "^/((?!api/|_next/).*)$", "/api", true},
      {"not_api_slash_api_x", "^/((?!api/|_next/).*)$", "/api/x", false},
      {"not_api_slash_next", "^/((?!api/|_next/).*)$", "/_next/x", false},
      {"next_default_page", kNextDefault, "/dashboard", true},
      {"next_default_favicon", kNextDefault, "/favicon.ico", false},
      {"next_default_favicon_dot_any", kNextDefault, "/faviconXico", false},
      {"next_default_image", kNextDefault, "/_next/image?url=x", false},
      {"next_default_data", kNextDefault, "/_next/data/x.json", true},
      // /:path((?!api).*) as path-to-regexp emits it.
      {"path_param_lookahead_ok", R"(^(?:/((?!api).*))[\/#\?]?$)", "/about", true},
      {"path_param_lookahead_api", R"(^(?:/((?!api).*))[\/#\?]?$)", "/api/x", false},
      {"path_param_lookahead_root", R"(^(?:/((?!api).*))[\/#\?]?$)", "/", true},
      // Lookahead inside a loop.
      {"tempered_dot_ok", "^/(?:(?!ab).)*$", "/aaaacbbb", true},
      {"tempered_dot_ab", "^/(?:(?!ab).)*$", "/aaaabbbb", false},
      {"tempered_dot_ab_last", "^/(?:(?!ab).)*$", "/xxab", false},
      {"tempered_dot_a_last", "^/(?:(?!ab).)*$", "/xxa", true},
      {"tempered_dot_empty", "^/(?:(?!ab).)*$", "/", true},
      // Nested lookaheads.
      {"nested_empty", "^(?!a(?!b)).*$", "", true},
      {"nested_ab", "^(?!a(?!b)).*$", "ab", true},
      {"nested_ac", "^(?!a(?!b)).*$", "ac", false},
      {"nested_a", "^(?!a(?!b)).*$", "a", false},
      {"nested_b", "^(?!a(?!b)).*$", "b", true},
      {"and_not_x", "^(?=.*x)(?!.*y).*$", "x", true},
      {"and_not_axb", "^(?=.*x)(?!.*y).*$", "axb", true},
      {"and_not_xy", "^(?=.*x)(?!.*y).*$", "xy", false},
      {"and_not_yx", "^(?=.*x)(?!.*y).*$", "yx", false},
      {"and_not_abc", "^(?=.*x)(?!.*y).*$", "abc", false},
      {"and_not_newline_hides_y", "^(?=.*x)(?!.*y)[^]*$", "x\ny", true, false},  // [^]
      {"triple_nested", "^(?=a(?=b(?!c)))...$", "abd", true},
      {"triple_nested_fail", "^(?=a(?=b(?!c)))...$", "abc", false},
      // Assertions inside lookaheads, evaluated at absolute positions. libstdc++ restarts
      // ^ and \b at the lookahead's own start, so those cases skip the comparison.
      {"lookahead_end", "^a(?=$)", "a", true},
      {"lookahead_not_end", "^a(?!$).+", "ab", true},
      {"lookahead_not_end_fail", "^a(?!$).*", "a", false},
      {"lookahead_caret_mid", "a(?=^)", "a", false, false},
      {"lookahead_caret_start", "(?=^a)a", "a", true},
      {"lookahead_not_boundary", R"(^a(?=\Bb)b$)", "ab", true, false},
      {"lookahead_boundary", R"(^a(?=\b-)-$)", "a-", true, false},
      {"quantified_lookahead_star", "(?=a)*b", "b", true, false},  // Annex B
      {"quantified_lookahead_plus", "(?:(?=a))+a", "a", true},
      {"quantified_lookahead_plus_fail", "(?:(?=a))+b", "b", false},
      {"lookahead_repeat_bounded", "(?:(?!b).){2,3}", "aaa", true},
      {"lookahead_repeat_bounded_fail", "(?:(?!b).){2,3}", "aab", false},
      // Empty pattern / input / branches.
      {"empty_pattern_empty_input", "", "", true},
      {"empty_pattern_input", "", "a", false},
      {"empty_input_star", "a*", "", true},
      {"empty_input_plus", "a+", "", false},
      {"empty_group", "()", "", true},
      {"empty_alternatives", "a||b", "", true},
      {"empty_alternative_last", "^(?:a|)$", "", true},
      {"empty_alternative_a", "^(?:a|)$", "a", true},
      {"empty_alternative_aa", "^(?:a|)$", "aa", false},
      {"empty_alternative_loop", "(|a)+", "aaa", true},
      {"empty_alternative_loop_b", "(|a)+", "ab", false},
      {"empty_loop_body", "(?:a*)*", "aaa", true},
      {"empty_only_bars", "|", "", true},
      // Classes.
      {"class_range", "[a-z0-9_-]+", "ab-9_z", true},
      {"class_range_upper", "[a-z0-9_-]+", "aB", false},
      {"class_negated_path", R"([^\/#\?]+)", "abc", true},
      {"class_negated_path_slash", R"([^\/#\?]+)", "a/c", false},
      {"class_negated_path_query", R"([^\/#\?]+)", "a?c", false},
      {"class_negated_path_hash", R"([^\/#\?]+)", "a#c", false},
      {"class_word_dot", R"([\w.]+)", "a.b_9", true},
      {"class_word_dot_dash", R"([\w.]+)", "a-b", false},
      {"class_escaped_bracket", R"([\]]+)", "]]", true},
      {"class_escaped_dash", R"([a\-z]+)", "a-z", true},
      {"class_escaped_dash_no_range", R"([a\-z]+)", "b", false},
      {"class_dash_first", "[-a]+", "-a", true},
      {"class_dash_last", "[a-]+", "-a", true},
      {"class_range_then_dash", "[a-c-e]+", "b-e", true},
      {"class_range_then_dash_d", "[a-c-e]+", "d", false},
      {"class_bracket_literal", "[[]", "[", true},
      {"class_negated_high_byte", "[^a]", bytes({0x80}), true},
      {"class_not_word_high_byte", R"(\W)", bytes({0xff}), true},
      {"class_backspace", R"([\b])", "\b", true},
      {"class_empty_nothing", "[]", "", false, false},  // libstdc++: [] differs
      {"class_empty_then_text", "[]a", "a", false, false},
      {"class_negated_empty_any", "[^]", "\n", true, false},
      {"class_digit_negated", R"([^\d])", "5", false},
      {"class_space", R"(\s+)", " \t\n\v\f\r", true},
      {"class_not_space", R"(\S)", " ", false},
      // Dot.
      {"dot_any", ".", "x", true},
      {"dot_newline", ".", "\n", false},
      {"dot_cr", ".", "\r", false},
      {"dot_nul", ".", bytes({0}), true},
      {"dot_high_byte", ".", bytes({0xc3}), true},
      {"utf8_literal", "^/caf\xc3\xa9$", "/caf\xc3\xa9", true},
      {"utf8_literal_dots", "^/caf..$", "/caf\xc3\xa9", true},
      // Counted repetition.
      {"count_2_3_one", "a{2,3}", "a", false},
      {"count_2_3_two", "a{2,3}", "aa", true},
      {"count_2_3_three", "a{2,3}", "aaa", true},
      {"count_2_3_four", "a{2,3}", "aaaa", false},
      {"count_exact", "a{2}", "aa", true},
      {"count_exact_more", "a{2}", "aaa", false},
      {"count_at_least", "a{2,}", "aaaaa", true},
      {"count_at_least_fewer", "a{2,}", "a", false},
      {"count_zero", "ba{0}", "b", true},
      {"count_group", "(?:ab){0,2}", "abab", true},
      {"count_group_three", "(?:ab){0,2}", "ababab", false},
      {"count_lazy", "a{1,2}?b", "aab", true},
      {"count_max", "a{1000}", std::string(1000, 'a'), true},
      {"lazy_star", "a*?b", "aab", true},
      {"lazy_plus", "a+?", "aa", true},
      {"lazy_question", "a??b", "b", true},
      // Escapes.
      {"escape_hex", R"(\x41)", "A", true},
      {"escape_unicode_ascii", R"(\u0041)", "A", true},
      {"escape_controls", R"(\n\r\t\f\v)", "\n\r\t\f\v", true},
      {"escape_nul", R"(\0)", bytes({0}), true},
      {"escape_punctuation", R"(\.\/\\\-\$\^\*\+\?\(\)\[\]\{\}\|)", R"(./\-$^*+?()[]{}|)", true},
      {"escape_dot_literal", R"(\.)", "x", false},
      {"escape_underscore_space", R"(\_\ )", "_ ", true},
      {"escape_control_letter", R"(\cJ)", "\n", true, false},  // libstdc++ lacks \cX
      {"literal_close_brackets", "a]}", "a]}", true},
      // Word boundaries.
      {"word_boundary", R"(\bfoo\b)", "foo", true},
      {"word_boundary_inside", R"(a\bb)", "ab", false},
      {"not_word_boundary", R"(a\Bb)", "ab", true},
      {"word_boundary_punct", R"(.*\b-\b.*)", "a-b", true},
      {"word_boundary_start_punct", R"(\b-)", "-", false},
      // Anchors in odd places.
      {"caret_middle", "a^b", "ab", false},
      {"dollar_middle", "a$b", "ab", false},
      {"anchors_in_alternation", "(?:^a|b$)", "a", true},
      {"dollar_in_loop", "(?:a$)*", "", true},
      // Named groups only capture, so they match like plain groups.
      {"named_group", R"(^/(?<id>\d+)$)", "/42", true, false},
      {"named_group_fail", R"(^/(?<id>\d+)$)", "/x", false, false},
      // Catastrophic-backtracking shapes, short.
      {"alt_overlap", "^(a|aa)*$", "aaaaaaaaaaaaaaaaaaaa", true},
      {"alt_overlap_fail", "^(a|aa)*$", "aaaaaaaaaaaaaaaaaaab", false},
      {"nested_star", "^(?:a*)*b$", "aaaaaaaaaaaaab", true},
      {"nested_star_fail", "^(?:a*)*b$", "aaaaaaaaaaaaaa", false},
  };
  return cases;
}

class MatchTableTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(MatchTableTest, FullMatch) {
  const MatchCase& c = GetParam();
  const LinearRegex re(c.pattern);
  EXPECT_EQ(re.full_match(c.input), c.expected) << "pattern: " << c.pattern;
  EXPECT_EQ(expect_engines_agree(re, c.pattern, c.input), c.expected) << "pattern: " << c.pattern;
  if (c.vs_std) {
    EXPECT_EQ(std_full_match(c.pattern, c.input), c.expected)
        << "std::regex disagrees with the expectation for " << c.pattern;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, MatchTableTest, ::testing::ValuesIn(match_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

// ---------------------------------------------------------------------------------------
// Patterns x inputs, all compared with std::regex_match (inputs short enough for it).

const std::vector<std::string>& grid_patterns() {
  static const std::vector<std::string> patterns = {
      "^/about$",
      "^(?:/(api))?$",
      kApiPathStar,
      R"(^/user/(\d+)$)",
      kLangRest,
      "^/((?!api|_next).*)$",
      "^/((?!api/|_next/).*)$",
      kNextDefault,
      R"(^(?:/((?!api).*))[\/#\?]?$)",
      "^/(?:(?!ab).)*$",
      "^(?!a(?!b)).*$",
      "^(?=.*x)(?!.*y).*$",
      "",
      "a||b",
      "(|a)+b?",
      "[a-z0-9_-]*",
      R"([^\/#\?]+(?:/[^\/#\?]+)*)",
      R"([\w.]+)",
      "a{2,3}(?:b{0,2}){1,2}",
      "(?:a|ab)(?:c|bcd)(?:d*)",
      R"(\bap\w*)",
      R"(.*\B.*)",
      ".*(?!x).",
      "(?:(?=a)|b)+",
      "(?:a*)*b",
      "(a|aa)*",
      R"(\d+(?:\.\d+)?)",
      "(?!$).*",
      "(?:(?!_next)[^/])*(?:/.*)?",
      "(?=(?!a)).*",
  };
  return patterns;
}

TEST(LinearRegexTest, AgreesWithStdRegexOnPatternInputGrid) {
  const std::vector<std::string>& patterns = grid_patterns();
  const std::vector<std::string> inputs = {
      "",
      "/",
      "/about",
      "/about/x",
      "/api",
      "/apix",
      "/api/",
      "/api/a",
      "/api/a/b/c",
      "/api/a//b",
      "/api-x",
      "/user/12",
      "/user/x",
      "/lang/en",
      "/lang/fr/a",
      "/_next/static/a.js",
      "/_next/data",
      "/favicon.ico",
      "/ab",
      "/aab",
      "/a",
      "a",
      "aa",
      "aaa",
      "aab",
      "ab",
      "ac",
      "b",
      "x",
      "axb",
      "xy",
      "a-b",
      "a.b_9",
      "abcd",
      "1.25",
      "12.",
      "\n",
      "a\nb",
      "/x?y",
      "/x#y",
      bytes({0x80, 'a'}),
  };
  int compared = 0;
  for (const auto& pattern : patterns) {
    const LinearRegex re(pattern);
    const std::regex reference(pattern, std::regex::ECMAScript);
    for (const auto& input : inputs) {
      EXPECT_EQ(expect_engines_agree(re, pattern, input), std::regex_match(input, reference))
          << "pattern: " << pattern << " input: " << input;
      ++compared;
    }
  }
  EXPECT_EQ(compared, static_cast<int>(patterns.size() * inputs.size()));
}

// ---------------------------------------------------------------------------------------
// Lazy DFA against the Pike VM (the reference) on random inputs, longer than std::regex
// could take, including patterns where libstdc++ deviates from ECMAScript.

// Deterministic xorshift, so a failure reproduces.
class Random final {
 public:
  std::uint64_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  std::size_t below(std::size_t bound) { return next() % bound; }

 private:
  std::uint64_t state_ = 0x2545F4914F6CDD1Dull;
};

std::string random_input(Random& random, std::string_view alphabet, std::size_t max_length) {
  std::string out;
  const std::size_t length = random.below(max_length + 1);
  for (std::size_t i = 0; i < length; ++i) out += alphabet[random.below(alphabet.size())];
  return out;
}

TEST(LinearRegexTest, DfaAgreesWithPikeVmOnRandomInputs) {
  std::vector<std::string> patterns = grid_patterns();
  const std::vector<std::string> more = {
      "a(?=^)",
      R"(^a(?=\Bb)b$)",
      R"(^a(?=\b-)-$)",
      "(?=a)*b",
      "(?:(?=a))+a",
      "^(?=a(?=b(?!c)))...$",
      R"((?:\b(?=\w)|x|\W)+)",
      "(?:(?!$)[ab])*(?=$)",
      "(?:(?=.*b)a|b)*",
      "(?:(?!(?:ab|ba)).)*",
      "[^]*(?!a)",
      "(?:a|(?=b))+b",
      "(?:(?=(?:[^a]*a){2}).)*[^a]*",
      "(?:/(?!_next/|api/)[^/]*)*",
      "^(?:(?!a(?=b)).)*$",
      R"((?:\ba\B.|\B/)*)",
      "(?:^a|b$|^$)+",
      "(?:.*(?=/a$)|x)/a",
      R"(^(?:(?:[a-z0-9-]+\.)?example\.com)$)",
  };
  patterns.insert(patterns.end(), more.begin(), more.end());
  Random random;
  constexpr std::string_view kAlphabet = "aab/x_-.pi\n 9\x80";
  for (const auto& pattern : patterns) {
    const LinearRegex re(pattern);
    for (int i = 0; i < 150; ++i) {
      expect_engines_agree(re, pattern, random_input(random, kAlphabet, 80));
    }
  }
}

TEST(LinearRegexTest, DfaAnswersNextDefaultWithOneLookaheadQuery) {
  const LinearRegex re(kNextDefault);
  const std::string path = "/" + std::string(1 << 16, 'a');
  const auto report = LinearRegexTesting::lazy_dfa(re, path);
  EXPECT_TRUE(report.matched);
  EXPECT_FALSE(report.gave_up);
  EXPECT_EQ(report.lookahead_queries, 1u);
  EXPECT_EQ(report.lookahead_tables, 0u);
  EXPECT_GE(report.skip_tables, 1u);
  EXPECT_EQ(report.cache_clears, 0u);
}

TEST(LinearRegexTest, DfaFillsLookaheadTableWhenAskedEverywhere) {
  const LinearRegex re("^(?:(?!ab).)*$");
  const std::string input(1 << 16, 'a');
  const auto report = LinearRegexTesting::lazy_dfa(re, input);
  EXPECT_TRUE(report.matched);
  EXPECT_FALSE(report.gave_up);
  EXPECT_EQ(report.lookahead_tables, 1u);
  EXPECT_FALSE(LinearRegexTesting::lazy_dfa(re, input + "b").matched);
}

TEST(LinearRegexTest, DfaClearsAFullCacheAndGoesOn) {
  const std::string pattern = "^(?:[a-z]+/)*[a-z]*$";
  const LinearRegex re(pattern);
  std::string input;
  for (int i = 0; i < 200; ++i) input += std::string(100 + i % 7, 'a' + i % 26) + "/";
  const auto report = LinearRegexTesting::lazy_dfa(re, input, {.cache_bytes = 100});
  EXPECT_TRUE(report.matched);
  EXPECT_FALSE(report.gave_up);
  EXPECT_GT(report.cache_clears, 10u);
  EXPECT_FALSE(LinearRegexTesting::lazy_dfa(re, input + "/", {.cache_bytes = 100}).matched);
}

TEST(LinearRegexTest, DfaGivesUpWhenStatesExplodeAndThePikeVmAnswers) {
  // Needs 2^21 DFA states; each new byte makes a new one.
  const std::string pattern = "^[ab]*a[ab]{20}$";
  const LinearRegex re(pattern);
  Random random;
  std::string input = random_input(random, "ab", 0);
  while (input.size() < (1 << 16)) input += random.below(2) == 0 ? 'a' : 'b';
  for (const char last : {'a', 'b'}) {
    input[input.size() - 21] = last;
    const auto report = LinearRegexTesting::lazy_dfa(re, input);
    EXPECT_TRUE(report.gave_up);
    EXPECT_EQ(report.matched, last == 'a');
    EXPECT_EQ(report.matched, LinearRegexTesting::pike_vm(re, input));
  }
}

TEST(LinearRegexTest, DfaGivesUpOnTooManyLookaheadsAtOnePosition) {
  std::string pattern = "^";
  for (int i = 0; i < 9; ++i) pattern += "(?!.*b" + std::to_string(i) + ")";
  pattern += ".*$";
  const LinearRegex re(pattern);
  const auto report = LinearRegexTesting::lazy_dfa(re, "aaa");
  EXPECT_TRUE(report.gave_up);
  EXPECT_TRUE(report.matched);
  EXPECT_FALSE(re.full_match("ab3a"));
}

// ---------------------------------------------------------------------------------------
// Large inputs: no stack growth, no superlinear time. No timing assertion; the time is
// printed so regressions are visible.

struct LargeCase {
  const char* pattern;
  std::string input;
  bool expected;
};

TEST(LinearRegexTest, OneMebibyteInputsFinishWithTheRightAnswer) {
  constexpr std::size_t kMiB = 1 << 20;
  const std::string as(kMiB, 'a');
  const std::string path = "/" + std::string(kMiB - 1, 'a');
  const std::vector<LargeCase> cases = {
      {"^/((?!api|_next).*)$", path, true},
      {"^/((?!api|_next).*)$", "/api" + path, false},
      {"^/((?!api|_next).*)$", path + "\n", false},
      {"^(?:(?!ab).)*$", as, true},
      {"^(?:(?!ab).)*$", as + "b", false},
      {"^(a|aa)*$", as, true},
      {"^(a|aa)*$", as + "b", false},
      {"^(?:a*)*b$", as, false},
      {"^(?:a*)*b$", as + "b", true},
      {kNextDefault.c_str(), path, true},
      {"^(?=.*x)(?!.*y).*$", as + "x", true},
  };
  for (const auto& c : cases) {
    const LinearRegex re(c.pattern);
    const auto start = std::chrono::steady_clock::now();
    const bool result = re.full_match(c.input);
    const auto elapsed =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
    EXPECT_EQ(result, c.expected) << c.pattern;
    EXPECT_EQ(LinearRegexTesting::pike_vm(re, c.input), c.expected) << c.pattern;
    EXPECT_FALSE(LinearRegexTesting::lazy_dfa(re, c.input).gave_up) << c.pattern;
    std::cout << "[ timing   ] " << c.pattern << " on " << c.input.size()
              << " bytes: " << elapsed.count() << " ms\n";
  }
}

TEST(LinearRegexTest, ManyLookaheadsOnLargeInput) {
  const std::string input(1 << 16, 'a');
  std::string pattern = "^";
  for (int i = 0; i < 32; ++i) pattern += "(?!.*b" + std::to_string(i % 10) + ")";
  pattern += "(?:(?!ab).)*$";
  EXPECT_TRUE(LinearRegex(pattern).full_match(input));
}

// ---------------------------------------------------------------------------------------
// Refusals.

struct InvalidCase {
  const char* name;
  std::string pattern;
  const char* message_part;
};

std::string nested(std::size_t depth) {
  return std::string(depth, '(') + "a" + std::string(depth, ')');
}

const std::vector<InvalidCase>& invalid_cases() {
  static const std::vector<InvalidCase> cases = {
      {"unbalanced_open", "(a", "unbalanced '('"},
      {"unbalanced_open_nested", "((a)", "unbalanced '('"},
      {"unbalanced_close", "a)", "unbalanced ')'"},
      {"lone_close", ")", "unbalanced ')'"},
      {"count_out_of_order", "a{2,1}", "out of order"},
      {"count_too_large", "a{1001}", "limit"},
      {"count_max_too_large", "a{1,99999999999999999999}", "limit"},
      {"backreference", R"((a)\1)", "backreference"},
      {"named_backreference", R"((?<x>a)\k<x>)", "named backreference"},
      {"lookbehind", "(?<=a)b", "lookbehind"},
      {"negative_lookbehind", "(?<!a)b", "lookbehind"},
      {"range_reversed", "[z-a]", "out of order"},
      {"range_class_escape_start", R"([\d-z])", "range endpoint"},
      {"range_class_escape_end", R"([a-\d])", "range endpoint"},
      {"trailing_backslash", "a\\", "trailing backslash"},
      {"unicode_property", R"(\p{L})", "property"},
      {"inline_flags", "(?i)a", "flags"},
      {"nothing_to_repeat_star", "*a", "nothing to repeat"},
      {"nothing_to_repeat_double", "a**", "nothing to repeat"},
      {"nothing_to_repeat_caret", "^*", "nothing to repeat"},
      {"nothing_to_repeat_boundary", R"(\b+)", "nothing to repeat"},
      {"nothing_to_repeat_brace", "{2}", "nothing to repeat"},
      {"lone_brace", "a{", "lone '{'"},
      {"lone_brace_open_range", "a{,2}", "lone '{'"},
      {"lone_brace_bad_number", "a{1,x}", "lone '{'"},
      {"unterminated_class", "[ab", "unterminated"},
      {"unterminated_negated_class", "[^", "unterminated"},
      {"not_boundary_in_class", R"([\B])", "character class"},
      {"unknown_escape", R"(\q)", "unsupported escape"},
      {"octal", R"(\01)", "octal"},
      {"octal_in_class", R"([\1])", "octal"},
      {"hex_short", R"(\x4)", "two hex digits"},
      {"hex_non_ascii", R"(\xe9)", "non-ASCII"},
      {"unicode_non_ascii", R"(\u00e9)", "non-ASCII"},
      {"unicode_code_point", R"(\u{41})", "code point"},
      {"control_not_letter", R"(\c1)", "ASCII letter"},
      {"non_ascii_in_class", "[\xc3\xa9]", "non-ASCII"},
      {"quantified_non_ascii", "caf\xc3\xa9+", "non-ASCII"},
      {"bad_group_name", "(?<1x>a)", "group name"},
      {"duplicate_group_name", "(?<x>a)(?<x>b)", "duplicate"},
      {"nesting_too_deep", nested(LinearRegex::kMaxNestingDepth + 1), "nested deeper"},
      {"nesting_too_deep_lookahead", std::string(101, '(') + "?=a" + std::string(101, ')'),
       "nested deeper"},
      {"pattern_too_long", std::string(LinearRegex::kMaxPatternBytes + 1, 'a'), "longer than"},
      {"program_too_large", "(?:a{1000}){30}", "too large"},
      {"program_too_large_flat", std::string(LinearRegex::kMaxInstructions, 'a'), "too large"},
      {"program_too_large_nested", "((a{1000}){1000}){1000}", "too large"},
  };
  return cases;
}

class InvalidPatternTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidPatternTest, Throws) {
  const InvalidCase& c = GetParam();
  try {
    LinearRegex re(c.pattern);
    ADD_FAILURE() << "accepted: " << c.pattern;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(c.message_part), std::string::npos) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, InvalidPatternTest, ::testing::ValuesIn(invalid_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(LinearRegexTest, ErrorMessageSaysWhere) {
  try {
    LinearRegex re("ab(c");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("offset 2"), std::string::npos) << e.what();
  }
}

// ---------------------------------------------------------------------------------------
// Limits and object semantics.

TEST(LinearRegexTest, NestingAtTheLimitIsAccepted) {
  const LinearRegex re(nested(LinearRegex::kMaxNestingDepth));
  EXPECT_TRUE(re.full_match("a"));
  EXPECT_FALSE(re.full_match("aa"));
}

TEST(LinearRegexTest, RepeatedEmptyGroupsCompileInstantly) {
  // Repeating something that emits no code must not make the compiler loop 10^9 times.
  const LinearRegex re("(((?:){1000}){1000}){1000}x");
  EXPECT_TRUE(re.full_match("x"));
  EXPECT_LT(re.program_size(), 10u);
}

TEST(LinearRegexTest, RepeatedLookaheadSharesOneTable) {
  const LinearRegex re("(?:(?!ab).){1000}");
  EXPECT_TRUE(re.full_match(std::string(1000, 'a')));
  EXPECT_FALSE(re.full_match(std::string(999, 'a') + "b"));
  EXPECT_FALSE(re.full_match(std::string(999, 'a')));
}

TEST(LinearRegexTest, TooManyLookaheadsAreRefused) {
  std::string pattern;
  for (std::size_t i = 0; i <= LinearRegex::kMaxLookaheads; ++i) pattern += "(?!x)";
  EXPECT_THROW(LinearRegex{pattern}, std::invalid_argument);
}

TEST(LinearRegexTest, CopiesShareAndMovedFromMatchesNothing) {
  LinearRegex original("^/a+$");
  const LinearRegex copy = original;  // NOLINT(performance-unnecessary-copy-initialization)
  LinearRegex moved = std::move(original);
  EXPECT_TRUE(copy.full_match("/aa"));
  EXPECT_TRUE(moved.full_match("/aa"));
  EXPECT_FALSE(original.full_match("/aa"));  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(original.program_size(), 0u);
}

TEST(LinearRegexTest, ConcurrentMatchingOnOneObject) {
  const LinearRegex re("^/((?!api|_next).*)$");
  const std::string long_ok = "/" + std::string(100000, 'z');
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (!re.full_match("/about") || re.full_match("/api/x") || !re.full_match(long_ok)) {
          ++failures[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace spur::detail
