// DfaSearch: one DFA-based match, i.e. the lazy DFAs of one call and their lookahead answers.
//
// match_with_dfa is the default engine: the main program's lazy DFA, and the Pike VM when
// that DFA gives up. DfaTuning/DfaStats carry the knobs and counters the test hooks expose.
//
// A lookahead bit comes from the lookahead's position table when one has been filled (a
// right-to-left pass of reverse(X), itself a lazy DFA). Until then it is answered on demand
// by running the forward DFA of X from p until X matches or dies: cheap for the usual
// (?!api|_next) that is asked at one position. A budget of about one pass over the input per
// lookahead caps the on-demand work; past it the table is filled, which keeps the total
// linear when a lookahead is asked at every position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "lazy_dfa.hpp"
#include "position_bits.hpp"
#include "program.hpp"

namespace spur::detail::regex {

inline constexpr std::size_t kDfaCacheBytesPerCall = std::size_t{4} << 20;
inline constexpr std::size_t kQueryBudgetSlack = 1024;  // on-demand budget beyond n, per lookahead
inline constexpr std::size_t kQueryCost = 16;           // charged per on-demand query, in bytes

struct DfaTuning final {
  std::size_t cache_bytes = kDfaCacheBytesPerCall;
  std::size_t query_budget = SIZE_MAX;  // SIZE_MAX: input size + kQueryBudgetSlack
};

struct DfaStats final {
  std::size_t states = 0;
  std::size_t cache_clears = 0;
  std::size_t skip_tables = 0;
  std::size_t lookahead_queries = 0;
  std::size_t lookahead_tables = 0;
  bool gave_up = false;
};

// Everything one DFA-based match needs: the DFAs (built on first use) and the lookahead
// answers, per call.
class DfaSearch final {
 public:
  DfaSearch(const Automaton& automaton, std::string_view input, const DfaTuning& tuning,
            DfaStats& stats);

  Answer full_match();

  // Whether lookahead `index` holds at `pos` (kYes/kNo), or kGaveUp.
  Answer lookahead_holds(std::uint32_t index, std::size_t pos) {
    const Lookahead& lookahead = lookaheads_[index];
    if (lookahead.table) return lookahead.table->test(pos) ? Answer::kYes : Answer::kNo;
    return lookahead_holds_slow(index, pos);
  }

  std::string_view input() const { return input_; }
  DfaStats& stats() { return stats_; }

 private:
  struct Lookahead final {
    std::unique_ptr<LazyDfa> forward;  // answers single positions
    std::unique_ptr<LazyDfa> reverse;  // fills the table
    std::unique_ptr<PositionBits> table;
    std::size_t spent = 0;  // on-demand work so far, in bytes
  };

  Answer lookahead_holds_slow(std::uint32_t index, std::size_t pos);
  Answer query(std::uint32_t index, std::size_t pos);
  Answer fill_table(std::uint32_t index);

  const Automaton& automaton_;
  const std::string_view input_;
  DfaStats& stats_;
  const std::size_t cache_bytes_;  // per DFA
  const std::size_t query_budget_;
  std::vector<Lookahead> lookaheads_;
};

// The default engine: the lazy DFA, or the Pike VM when the DFA gives up (then
// stats.gave_up is set).
bool match_with_dfa(const Automaton& automaton, std::string_view input, const DfaTuning& tuning,
                    DfaStats& stats);

}  // namespace spur::detail::regex
