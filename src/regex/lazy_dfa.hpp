// LazyDfa: one NFA program run as a DFA that is built during the match, for one call.
//
// This header holds the design notes and the class; lazy_dfa.cpp holds the encoding of
// cached entries and state keys, the scans (with self-loop skipping) and the state cache.
// DfaSearch (dfa_search.hpp) creates the DFAs of a call and answers their lookaheads.
//
// Each NFA program gets a DFA built lazily during the match, as in RE2 and Rust's
// regex-automata. A DFA state is a set of NFA "seed" pcs at a position, taken BEFORE the
// epsilon closure (the closure is delayed), plus what the position's left side tells
// (whether it is the edge of the input, whether the byte behind it is a word byte). The
// closure is taken when the next symbol is known: the byte ahead (for \b and \B) or the end
// of the input (for $). So every transition is a pure function of (state, byte class) and
// can be cached in a row of the state's table.
//
// Lookaheads are the one condition a byte cannot tell. A state from whose seeds a
// Lookahead instruction is reachable is "unassigned": on entering it at position p we read
// those lookaheads' bits at p (at most kMaxLookaheadsPerState) and move to its "assigned"
// twin for that bit combination, whose closure uses the bits. The unassigned state's row is
// indexed by the bits instead of by byte classes. Where the bits come from: dfa_search.hpp.
//
// Bounds. Each byte either follows a cached entry or builds one entry in O(program), so a
// scan is O(n * program) like the Pike VM. The cache of one call is bounded
// (kDfaCacheBytesPerCall, split between its DFAs); when a DFA's cache is full it is
// cleared and rebuilt as needed. A DFA that has built more than one state per
// kMinBytesPerState input bytes when its cache fills, or one state of which does not fit,
// gives up, and the whole call is answered by the Pike VM instead.
//
// Self loops. A state that keeps looping to itself (.* or [^/]+ over a long path) gets a
// 256-entry table of the bytes that keep it there, so the scan skips them with independent
// loads instead of a chain of dependent table lookups.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "position_bits.hpp"
#include "program.hpp"
#include "sparse_set.hpp"

namespace spur::detail::regex {

inline constexpr std::size_t kMaxDfaCacheBytes = std::size_t{256} << 20;  // keeps ids below kIdMask
inline constexpr std::size_t kMinBytesPerState = 8;
inline constexpr std::size_t kMaxLookaheadsPerState = 8;  // an unassigned row has 2^8 entries
inline constexpr std::uint32_t kMinSelfLoopsBeforeSkipping = 32;

enum class Direction : std::uint8_t { kForward, kReverse };

// kFullMatch: forward, does the program match all of the input (only the end counts).
// kFirstMatch: forward from a position, does the program match some prefix from there.
// kEveryMatch: reverse, with the start state added at every position: at which positions
// does the (reversed) program match, i.e. where does a lookahead hold.
enum class ScanMode : std::uint8_t { kFullMatch, kFirstMatch, kEveryMatch };

enum class Answer : std::uint8_t { kNo, kYes, kOutOfBudget, kGaveUp };

class DfaSearch;

// The lazy DFA of one program in one direction and mode, for one call.
class LazyDfa final {
 public:
  LazyDfa(const Automaton& automaton, const Program& program, Direction direction, ScanMode mode,
          DfaSearch& search, std::size_t cache_bytes);

  // kFullMatch: kYes, kNo or kGaveUp.
  Answer full_match();
  // kFirstMatch: whether the program matches input[start..q) for some q, looking at no more
  // than `allowance` bytes (kOutOfBudget when that was not enough). `scanned` gets the
  // number of bytes looked at.
  Answer first_match(std::size_t start, std::size_t allowance, std::size_t& scanned);
  // kEveryMatch: sets table[p] wherever the reversed program matches input[p..q) for some
  // q. kYes when done, or kGaveUp.
  Answer fill_table(PositionBits& table);

 private:
  struct StateInfo final {
    std::uint32_t id = 0;  // offset of its row in table_; table_[id - 1] is its index
    std::uint32_t key_begin = 0;
    std::uint32_t key_size = 0;
    std::uint32_t hash = 0;
    std::uint32_t self_loops = 0;
    std::int32_t skip_table = -1;  // offset in skip_tables_ once it skips its self loop
    std::uint8_t lookahead_count = 0;
    std::array<std::uint8_t, kMaxLookaheadsPerState> lookaheads{};
  };

  Answer scan_forward(std::size_t start, std::size_t limit, std::size_t& end);
  std::uint32_t after_byte(std::uint32_t state, std::uint32_t entry, std::size_t& pos,
                           std::size_t limit);
  Answer at_end(std::uint32_t state);

  std::uint32_t start_state(std::size_t pos);
  std::uint32_t assign(std::uint32_t state, std::size_t pos);
  void follow_self_loop(std::uint32_t state, std::size_t& pos, std::size_t limit);
  void build_skip_table(std::uint32_t state);

  std::uint32_t transition(std::uint32_t state, std::uint32_t byte_class, bool may_clear);
  void load(std::uint32_t state);
  void close(bool at_end, bool word_ahead);
  bool condition_holds(const Inst& inst, bool at_end, bool word_ahead) const;
  bool step(unsigned char byte);

  std::uint32_t intern(bool may_clear);
  std::uint32_t find(std::uint32_t hash) const;
  bool relevant_lookaheads(StateInfo& info);
  void insert_slot(std::uint32_t index);
  void place_slot(std::uint32_t index);
  void clear();

  StateInfo& info_of(std::uint32_t state) { return infos_[table_[state - 1]]; }
  bool needs_assignment(const StateInfo& info) const;
  std::uint32_t header_at(std::size_t pos) const;

  const Automaton& automaton_;
  const Program& program_;
  const Direction direction_;
  const ScanMode mode_;
  DfaSearch& search_;
  const std::string_view input_;
  const unsigned char* const bytes_;
  const std::size_t cache_bytes_;
  const std::uint32_t eoi_class_;  // row index of the end-of-input entry
  const std::uint32_t self_loops_before_skipping_;
  bool tracks_edge_ = false;  // the program asserts the scan's starting edge (^ or $)
  bool tracks_word_ = false;  // the program has \b or \B

  // The cache.
  std::vector<std::uint32_t> table_;  // rows, each preceded by its state's index
  std::vector<std::uint32_t> keys_;   // state keys: header word, then sorted seed pcs
  std::vector<StateInfo> infos_;
  std::vector<std::uint32_t> slots_;  // open-addressing hash table of infos_ index + 1
  std::vector<std::uint8_t> skip_tables_;
  std::array<std::uint32_t, 4> start_ids_{};  // by header; 0 = not built
  std::size_t bytes_used_ = 0;
  std::size_t states_built_ = 0;  // over the whole call, clears included
  std::uint32_t generation_ = 0;  // bumped by clear(): ids of older generations are stale

  // Scratch for building one transition.
  std::vector<std::uint32_t> key_;  // the state being loaded, then the one being built
  std::vector<std::int8_t> lookahead_values_;
  SparseSet closure_;
  SparseSet next_;
  std::vector<std::uint32_t> stack_;
};

}  // namespace spur::detail::regex
