// Linear-time matcher for the ECMAScript regex subset used by Next.js matchers.
//
// This file is the facade: LinearRegex (linear_regex.hpp) and its test hooks
// (linear_regex_testing.hpp). The machinery lives next to it, in namespace
// spur::detail::regex, one concept per file:
//   byte_set.hpp                      ByteSet and the sets of \d \w \s and .
//   ast.hpp, parser.hpp/.cpp          pattern -> AST, with the limits and error messages
//   program.hpp, compiler.hpp/.cpp    AST -> Thompson NFA programs (Automaton)
//   sparse_set.hpp, position_bits.hpp the engines' state sets and lookahead tables
//   pike_vm.hpp/.cpp                  the Pike VM: the reference, and the fallback
//   lazy_dfa.hpp/.cpp                 one lazily built DFA
//   dfa_search.hpp/.cpp               the DFAs of one call and their lookahead answers
//
// Pipeline: Parser (pattern -> AST) -> Compiler (AST -> Thompson NFA programs) -> Runner
// (Pike-VM style simulation over sparse state sets, no captures, boolean answer only).
// full_match runs the programs as lazy DFAs instead, except on short inputs, and hands
// the call to the Pike VM when a DFA gives up.
//
// Stack: recursion happens only over the pattern's structure (parser, compiler), and the
// parser refuses nesting deeper than kMaxNestingDepth. Matching uses explicit stacks.

#include "spur/regex/linear_regex.hpp"

#include <cstddef>
#include <memory>
#include <string_view>
#include <utility>

#include "compiler.hpp"
#include "dfa_search.hpp"
#include "linear_regex_testing.hpp"
#include "parser.hpp"
#include "pike_vm.hpp"
#include "program.hpp"

namespace spur::detail {
namespace {

// Below this input size the Pike VM is used directly: warming up a DFA (~1-2 us for a
// typical matcher) costs more than simulating the NFA over a few dozen bytes.
constexpr std::size_t kMinDfaInputBytes = 64;

}  // namespace

struct LinearRegex::Compiled final {
  regex::Automaton automaton;
};

LinearRegex::LinearRegex(std::string_view pattern) {
  const regex::ParsedPattern parsed = regex::parse(pattern);
  auto compiled = std::make_shared<Compiled>();
  compiled->automaton = regex::compile(*parsed.root, parsed.lookahead_count);
  compiled_ = std::move(compiled);
}

bool LinearRegex::full_match(std::string_view input) const noexcept {
  if (!compiled_) return false;
  if (input.size() < kMinDfaInputBytes) {
    return regex::pike_vm_full_match(compiled_->automaton, input);
  }
  regex::DfaStats stats;
  return regex::match_with_dfa(compiled_->automaton, input, regex::DfaTuning{}, stats);
}

std::size_t LinearRegex::program_size() const noexcept {
  return compiled_ ? compiled_->automaton.total_instructions : 0;
}

bool LinearRegexTesting::pike_vm(const LinearRegex& re, std::string_view input) noexcept {
  if (!re.compiled_) return false;
  return regex::pike_vm_full_match(re.compiled_->automaton, input);
}

LinearRegexTesting::DfaReport LinearRegexTesting::lazy_dfa(const LinearRegex& re,
                                                           std::string_view input,
                                                           const DfaOptions& options) noexcept {
  DfaReport report;
  if (!re.compiled_) return report;
  regex::DfaTuning tuning;
  if (options.cache_bytes != 0) tuning.cache_bytes = options.cache_bytes;
  tuning.query_budget = options.lookahead_query_budget;
  regex::DfaStats stats;
  report.matched = regex::match_with_dfa(re.compiled_->automaton, input, tuning, stats);
  report.gave_up = stats.gave_up;
  report.states = stats.states;
  report.cache_clears = stats.cache_clears;
  report.skip_tables = stats.skip_tables;
  report.lookahead_queries = stats.lookahead_queries;
  report.lookahead_tables = stats.lookahead_tables;
  return report;
}

}  // namespace spur::detail
