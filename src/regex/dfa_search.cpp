// DfaSearch and match_with_dfa: creating the lazy DFAs of one call, answering lookaheads
// (on-demand queries within a budget, then a filled table), and falling back to the Pike VM.

#include "dfa_search.hpp"

#include <algorithm>
#include <utility>

#include "pike_vm.hpp"

namespace spur::detail::regex {

DfaSearch::DfaSearch(const Automaton& automaton, std::string_view input, const DfaTuning& tuning,
                     DfaStats& stats)
    : automaton_(automaton),
      input_(input),
      stats_(stats),
      cache_bytes_(std::min(tuning.cache_bytes, kMaxDfaCacheBytes) /
                   (1 + 2 * automaton.lookaheads.size())),
      query_budget_(tuning.query_budget == SIZE_MAX ? input.size() + kQueryBudgetSlack
                                                    : tuning.query_budget),
      lookaheads_(automaton.lookaheads.size()) {}

Answer DfaSearch::full_match() {
  LazyDfa dfa(automaton_, automaton_.main, Direction::kForward, ScanMode::kFullMatch, *this,
              cache_bytes_);
  return dfa.full_match();
}

// No table yet: asks on demand while the budget lasts, then fills the table.
Answer DfaSearch::lookahead_holds_slow(std::uint32_t index, std::size_t pos) {
  Lookahead& lookahead = lookaheads_[index];
  if (lookahead.spent < query_budget_) {
    const Answer answer = query(index, pos);
    if (answer != Answer::kOutOfBudget) return answer;
  }
  if (fill_table(index) == Answer::kGaveUp) return Answer::kGaveUp;
  return lookahead.table->test(pos) ? Answer::kYes : Answer::kNo;
}

Answer DfaSearch::query(std::uint32_t index, std::size_t pos) {
  Lookahead& lookahead = lookaheads_[index];
  if (!lookahead.forward) {
    lookahead.forward =
        std::make_unique<LazyDfa>(automaton_, automaton_.forward_lookaheads[index],
                                  Direction::kForward, ScanMode::kFirstMatch, *this, cache_bytes_);
  }
  std::size_t scanned = 0;
  const Answer answer =
      lookahead.forward->first_match(pos, query_budget_ - lookahead.spent, scanned);
  lookahead.spent += scanned + kQueryCost;
  ++stats_.lookahead_queries;
  return answer;
}

Answer DfaSearch::fill_table(std::uint32_t index) {
  Lookahead& lookahead = lookaheads_[index];
  lookahead.reverse =
      std::make_unique<LazyDfa>(automaton_, automaton_.lookaheads[index], Direction::kReverse,
                                ScanMode::kEveryMatch, *this, cache_bytes_);
  auto table = std::make_unique<PositionBits>(input_.size() + 1);
  ++stats_.lookahead_tables;
  const Answer answer = lookahead.reverse->fill_table(*table);
  lookahead.reverse.reset();
  lookahead.forward.reset();
  if (answer != Answer::kGaveUp) lookahead.table = std::move(table);
  return answer;
}

bool match_with_dfa(const Automaton& automaton, std::string_view input, const DfaTuning& tuning,
                    DfaStats& stats) {
  DfaSearch search(automaton, input, tuning, stats);
  const Answer answer = search.full_match();
  if (answer != Answer::kGaveUp) return answer == Answer::kYes;
  stats.gave_up = true;
  return pike_vm_full_match(automaton, input);
}

}  // namespace spur::detail::regex
