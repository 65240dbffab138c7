// LazyDfa's implementation: the scans, self-loop skipping, building transitions (delayed
// epsilon closure, then a step over one byte) and the bounded state cache.
//
// The hot loops are scan_forward and fill_table: one table lookup per byte until an entry
// carries a flag. Everything else runs once per new entry, state or flagged byte.

#include "lazy_dfa.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ast.hpp"
#include "byte_set.hpp"
#include "dfa_search.hpp"

namespace spur::detail::regex {
namespace {

// Table entries: the target state's id (the offset of its row) plus flags. Every flag is
// above kIdMask, so the hot loop tests `entry >= kFirstFlag` once.
constexpr std::uint32_t kMatchFlag = 1u << 31;     // the program matched at the source position
constexpr std::uint32_t kDeadFlag = 1u << 30;      // no target: every thread died (or at end)
constexpr std::uint32_t kAssignFlag = 1u << 29;    // target needs its lookahead bits first
constexpr std::uint32_t kSelfLoopFlag = 1u << 28;  // target is the source state
constexpr std::uint32_t kFirstFlag = kSelfLoopFlag;
constexpr std::uint32_t kIdMask = kFirstFlag - 1;
constexpr std::uint32_t kUnknownEntry = UINT32_MAX;     // not computed yet
constexpr std::uint32_t kGaveUpEntry = UINT32_MAX - 1;  // the DFA gives up
constexpr std::uint32_t kNoRoomEntry = UINT32_MAX - 2;  // full cache, clearing not allowed
constexpr std::uint32_t kGaveUpId = kIdMask;            // same, as returned state ids
constexpr std::uint32_t kNoRoomId = kIdMask - 1;

// First word of a state key.
constexpr std::uint32_t kAtEdgeBit = 1;      // the position is the scan's starting edge
constexpr std::uint32_t kWordBehindBit = 2;  // the byte behind the position is a word byte
constexpr std::uint32_t kAssignedBit = 4;    // lookahead bits follow in bits 8..15
constexpr std::uint32_t kAssignmentShift = 8;

// Self-loop skipping: advances while `stays[byte]`, eight independent loads at a time.
std::size_t skip_forward(const std::uint8_t* stays, const unsigned char* in, std::size_t pos,
                         std::size_t limit) {
  while (limit - pos >= 8 &&
         (stays[in[pos]] & stays[in[pos + 1]] & stays[in[pos + 2]] & stays[in[pos + 3]] &
          stays[in[pos + 4]] & stays[in[pos + 5]] & stays[in[pos + 6]] & stays[in[pos + 7]])) {
    pos += 8;
  }
  while (pos < limit && stays[in[pos]]) ++pos;
  return pos;
}

// Same, moving left: consumes in[pos - 1] while it stays.
std::size_t skip_backward(const std::uint8_t* stays, const unsigned char* in, std::size_t pos) {
  while (pos >= 8 &&
         (stays[in[pos - 1]] & stays[in[pos - 2]] & stays[in[pos - 3]] & stays[in[pos - 4]] &
          stays[in[pos - 5]] & stays[in[pos - 6]] & stays[in[pos - 7]] & stays[in[pos - 8]])) {
    pos -= 8;
  }
  while (pos > 0 && stays[in[pos - 1]]) --pos;
  return pos;
}

std::uint32_t hash_words(const std::vector<std::uint32_t>& words) {
  std::uint64_t hash = 0x9E3779B97F4A7C15ull;
  for (const std::uint32_t word : words) {
    hash = (hash ^ word) * 0xBF58476D1CE4E5B9ull;
    hash ^= hash >> 31;
  }
  return static_cast<std::uint32_t>(hash);
}

}  // namespace

LazyDfa::LazyDfa(const Automaton& automaton, const Program& program, Direction direction,
                 ScanMode mode, DfaSearch& search, std::size_t cache_bytes)
    : automaton_(automaton),
      program_(program),
      direction_(direction),
      mode_(mode),
      search_(search),
      input_(search.input()),
      bytes_(reinterpret_cast<const unsigned char*>(input_.data())),
      cache_bytes_(cache_bytes),
      eoi_class_(automaton.classes.count),
      self_loops_before_skipping_(std::max(kMinSelfLoopsBeforeSkipping, automaton.classes.count)),
      slots_(16, 0),
      lookahead_values_(automaton.lookaheads.size(), -1),
      closure_(program.insts.size()),
      next_(program.insts.size()),
      stack_(program.insts.size()) {
  // Room for the few states a typical matcher needs, so warming up does not reallocate.
  table_.reserve(std::size_t{16} * (eoi_class_ + 2));
  keys_.reserve(16 * 4);
  infos_.reserve(16);
  key_.reserve(16);
  const Assertion edge = direction == Direction::kForward ? Assertion::kBegin : Assertion::kEnd;
  for (const Inst& inst : program.insts) {
    if (inst.op != Op::kAssert) continue;
    const auto assertion = static_cast<Assertion>(inst.arg);
    tracks_edge_ |= assertion == edge;
    tracks_word_ |=
        assertion == Assertion::kWordBoundary || assertion == Assertion::kNotWordBoundary;
  }
}

Answer LazyDfa::full_match() {
  std::size_t end = 0;
  return scan_forward(0, input_.size(), end);
}

Answer LazyDfa::first_match(std::size_t start, std::size_t allowance, std::size_t& scanned) {
  const std::size_t limit = input_.size() - start > allowance ? start + allowance : input_.size();
  std::size_t end = start;
  const Answer answer = scan_forward(start, limit, end);
  scanned = end - start;
  return answer;
}

// The hot loop: one table lookup per byte until an entry carries a flag.
Answer LazyDfa::scan_forward(std::size_t start, std::size_t limit, std::size_t& end) {
  std::uint32_t state = start_state(start);
  std::size_t pos = start;
  const std::uint8_t* const class_of = automaton_.classes.class_of.data();
  while (state != kGaveUpId) {
    const std::uint32_t* const table = table_.data();
    std::uint32_t entry = 0;
    while (pos < limit) {
      entry = table[state + class_of[bytes_[pos]]];
      if (entry >= kFirstFlag) break;
      state = entry;
      ++pos;
    }
    end = pos;
    if (pos == limit) {
      if (limit < input_.size()) return Answer::kOutOfBudget;
      return at_end(state);
    }
    if (entry == kUnknownEntry) entry = transition(state, class_of[bytes_[pos]], true);
    if (entry == kGaveUpEntry) break;
    if ((entry & kMatchFlag) != 0) return Answer::kYes;  // only kFirstMatch sets it here
    if ((entry & kDeadFlag) != 0) return Answer::kNo;
    ++pos;
    state = after_byte(state, entry, pos, limit);
  }
  return Answer::kGaveUp;
}

Answer LazyDfa::fill_table(PositionBits& table) {
  std::size_t pos = input_.size();
  std::uint32_t state = start_state(pos);
  const std::uint8_t* const class_of = automaton_.classes.class_of.data();
  while (state != kGaveUpId) {
    const std::uint32_t* const rows = table_.data();
    std::uint32_t entry = 0;
    while (pos > 0) {
      entry = rows[state + class_of[bytes_[pos - 1]]];
      if (entry >= kFirstFlag) break;
      state = entry;
      --pos;
    }
    if (pos == 0) {
      const Answer answer = at_end(state);
      if (answer == Answer::kYes) table.set(0);
      return answer == Answer::kGaveUp ? answer : Answer::kYes;
    }
    if (entry == kUnknownEntry) entry = transition(state, class_of[bytes_[pos - 1]], true);
    if (entry == kGaveUpEntry) break;
    if ((entry & kMatchFlag) != 0) table.set(pos);
    --pos;
    // The start state is a seed at every position, so no transition is ever dead here.
    state = after_byte(state, entry, pos, 0);
  }
  return Answer::kGaveUp;
}

// Moves along `entry` (known, not dead) to the state at `pos`, the position after the byte:
// assigns its lookahead bits, or skips along its self loop, not past `limit`.
std::uint32_t LazyDfa::after_byte(std::uint32_t state, std::uint32_t entry, std::size_t& pos,
                                  std::size_t limit) {
  const std::uint32_t target = entry & kIdMask;
  if ((entry & kAssignFlag) != 0) return assign(target, pos);
  if ((entry & kSelfLoopFlag) != 0 && (entry & kMatchFlag) == 0) {
    follow_self_loop(state, pos, limit);
  }
  return target;
}

Answer LazyDfa::at_end(std::uint32_t state) {
  std::uint32_t entry = table_[state + eoi_class_];
  if (entry == kUnknownEntry) entry = transition(state, eoi_class_, true);
  if (entry == kGaveUpEntry) return Answer::kGaveUp;
  return (entry & kMatchFlag) != 0 ? Answer::kYes : Answer::kNo;
}

bool LazyDfa::needs_assignment(const StateInfo& info) const {
  return info.lookahead_count > 0 && (keys_[info.key_begin] & kAssignedBit) == 0;
}

std::uint32_t LazyDfa::header_at(std::size_t pos) const {
  std::uint32_t header = 0;
  if (direction_ == Direction::kForward) {
    if (tracks_edge_ && pos == 0) header |= kAtEdgeBit;
    if (tracks_word_ && pos > 0 && is_word_byte(bytes_[pos - 1])) header |= kWordBehindBit;
  } else {
    if (tracks_edge_ && pos == input_.size()) header |= kAtEdgeBit;
    if (tracks_word_ && pos < input_.size() && is_word_byte(bytes_[pos])) {
      header |= kWordBehindBit;
    }
  }
  return header;
}

// The state of a scan that starts at `pos`, assigned.
std::uint32_t LazyDfa::start_state(std::size_t pos) {
  const std::uint32_t header = header_at(pos);
  std::uint32_t state = start_ids_[header];
  if (state == 0) {
    key_.assign({header, program_.start});
    state = intern(true);
    if (state == kGaveUpId) return state;
    start_ids_[header] = state;
  }
  return needs_assignment(info_of(state)) ? assign(state, pos) : state;
}

// From an unassigned state at `pos` to its twin for the lookahead bits there. Answering a
// lookahead runs other DFAs, never this one, so `info` stays valid.
std::uint32_t LazyDfa::assign(std::uint32_t state, std::size_t pos) {
  const StateInfo& info = info_of(state);
  std::uint32_t bits = 0;
  for (std::uint32_t i = 0; i < info.lookahead_count; ++i) {
    const Answer answer = search_.lookahead_holds(info.lookaheads[i], pos);
    if (answer == Answer::kGaveUp) return kGaveUpId;
    if (answer == Answer::kYes) bits |= 1u << i;
  }
  const std::uint32_t known = table_[state + bits];
  if (known != kUnknownEntry) return known;
  key_.assign(keys_.begin() + info.key_begin, keys_.begin() + info.key_begin + info.key_size);
  key_[0] |= kAssignedBit | bits << kAssignmentShift;
  const std::uint32_t generation = generation_;
  const std::uint32_t twin = intern(true);
  if (twin != kGaveUpId && generation == generation_) table_[state + bits] = twin;
  return twin;
}

// Counts self loops; after enough of them the state gets a skip table, and from then on a
// self loop skips every following byte that would loop too.
void LazyDfa::follow_self_loop(std::uint32_t state, std::size_t& pos, std::size_t limit) {
  StateInfo& info = info_of(state);
  if (info.skip_table < 0) {
    if (++info.self_loops != self_loops_before_skipping_) return;
    build_skip_table(state);
    if (info_of(state).skip_table < 0) return;
  }
  const std::uint8_t* stays = skip_tables_.data() + info_of(state).skip_table;
  pos = direction_ == Direction::kForward ? skip_forward(stays, bytes_, pos, limit)
                                          : skip_backward(stays, bytes_, pos);
}

// Fills the state's whole row (without clearing the cache: the state must survive) and
// records which bytes loop back to it with no flag but the self-loop one.
void LazyDfa::build_skip_table(std::uint32_t state) {
  constexpr std::size_t kSkipTableBytes = 256;
  for (std::uint32_t byte_class = 0; byte_class < eoi_class_; ++byte_class) {
    if (table_[state + byte_class] != kUnknownEntry) continue;
    const std::uint32_t entry = transition(state, byte_class, false);
    if (entry == kGaveUpEntry || entry == kNoRoomEntry) return;  // stays unskippable
  }
  if (bytes_used_ + kSkipTableBytes > cache_bytes_) return;
  bytes_used_ += kSkipTableBytes;
  const std::size_t offset = skip_tables_.size();
  skip_tables_.resize(offset + kSkipTableBytes);
  for (unsigned byte = 0; byte < 256; ++byte) {
    const std::uint32_t entry = table_[state + automaton_.classes.class_of[byte]];
    skip_tables_[offset + byte] = entry == (state | kSelfLoopFlag);
  }
  info_of(state).skip_table = static_cast<std::int32_t>(offset);
  ++search_.stats().skip_tables;
}

// Builds (and caches, unless the cache was cleared meanwhile) the entry of `state` for
// `byte_class`, or for the end of the input when byte_class == eoi_class_. Returns
// kGaveUpEntry, or kNoRoomEntry when the cache is full and !may_clear.
std::uint32_t LazyDfa::transition(std::uint32_t state, std::uint32_t byte_class, bool may_clear) {
  const std::uint32_t generation = generation_;
  load(state);
  const bool at_end = byte_class == eoi_class_;
  const unsigned char byte = at_end ? 0 : automaton_.classes.representative[byte_class];
  const bool word_ahead = !at_end && is_word_byte(byte);
  close(at_end, word_ahead);
  const bool matched = closure_.contains(kMatchPc);
  std::uint32_t entry = kDeadFlag;
  if (!at_end && step(byte)) {
    const std::uint32_t target = intern(may_clear);
    if (target == kGaveUpId) return kGaveUpEntry;
    if (target == kNoRoomId) return kNoRoomEntry;
    entry = target;
    if (needs_assignment(info_of(target))) entry |= kAssignFlag;
    if (target == state && generation == generation_) entry |= kSelfLoopFlag;
  }
  if (matched && (at_end || mode_ != ScanMode::kFullMatch)) entry |= kMatchFlag;
  if (generation == generation_) table_[state + byte_class] = entry;
  return entry;
}

// Copies the state's key into key_ and its lookahead bits into lookahead_values_.
void LazyDfa::load(std::uint32_t state) {
  const StateInfo& info = info_of(state);
  key_.assign(keys_.begin() + info.key_begin, keys_.begin() + info.key_begin + info.key_size);
  const std::uint32_t bits = key_[0] >> kAssignmentShift;
  for (std::uint32_t i = 0; i < info.lookahead_count; ++i) {
    lookahead_values_[info.lookaheads[i]] = static_cast<std::int8_t>((bits >> i) & 1);
  }
}

// Epsilon closure of the loaded seeds into closure_, at a position whose left side is
// described by key_[0] and whose right side by the arguments.
void LazyDfa::close(bool at_end, bool word_ahead) {
  closure_.clear();
  std::size_t top = 0;
  for (std::size_t i = 1; i < key_.size(); ++i) {
    if (closure_.insert(key_[i])) stack_[top++] = key_[i];
  }
  while (top > 0) {
    const Inst& inst = program_.insts[stack_[--top]];
    auto follow = [&](std::uint32_t target) {
      if (closure_.insert(target)) stack_[top++] = target;
    };
    switch (inst.op) {
      case Op::kMatch:
      case Op::kByteSet: break;
      case Op::kSplit:
        follow(inst.alt);
        follow(inst.next);
        break;
      case Op::kAssert:
      case Op::kLookahead:
        if (condition_holds(inst, at_end, word_ahead)) follow(inst.next);
        break;
    }
  }
}

bool LazyDfa::condition_holds(const Inst& inst, bool at_end, bool word_ahead) const {
  if (inst.op == Op::kLookahead) return lookahead_values_[inst.index] != inst.arg;
  const bool at_start_edge = (key_[0] & kAtEdgeBit) != 0;
  const bool forward = direction_ == Direction::kForward;
  switch (static_cast<Assertion>(inst.arg)) {
    case Assertion::kBegin: return forward ? at_start_edge : at_end;
    case Assertion::kEnd: return forward ? at_end : at_start_edge;
    case Assertion::kWordBoundary: return ((key_[0] & kWordBehindBit) != 0) != word_ahead;
    case Assertion::kNotWordBoundary: return ((key_[0] & kWordBehindBit) != 0) == word_ahead;
  }
  return false;
}

// Moves the closure over `byte` into key_ (header, sorted seeds). False when nothing is left.
bool LazyDfa::step(unsigned char byte) {
  next_.clear();
  const ByteSet* const byte_sets = automaton_.byte_sets.data();
  for (const std::uint32_t pc : closure_) {
    const Inst& inst = program_.insts[pc];
    if (inst.op == Op::kByteSet && byte_sets[inst.index].contains(byte)) next_.insert(inst.next);
  }
  if (mode_ == ScanMode::kEveryMatch) next_.insert(program_.start);
  if (next_.empty()) return false;
  key_.assign(1, tracks_word_ && is_word_byte(byte) ? kWordBehindBit : 0);
  key_.insert(key_.end(), next_.begin(), next_.end());
  std::sort(key_.begin() + 1, key_.end());
  return true;
}

// Returns the id of the state whose key is key_, building it if needed; kNoRoomId when the
// cache is full and !may_clear; kGaveUpId when the DFA gives up.
std::uint32_t LazyDfa::intern(bool may_clear) {
  const std::uint32_t hash = hash_words(key_);
  if (const std::uint32_t found = find(hash); found != UINT32_MAX) return infos_[found].id;
  StateInfo info;
  info.hash = hash;
  if (!relevant_lookaheads(info)) return kGaveUpId;
  const bool assigned = info.lookahead_count == 0 || (key_[0] & kAssignedBit) != 0;
  const std::size_t row = assigned ? eoi_class_ + 1 : std::size_t{1} << info.lookahead_count;
  // Key, row and its header word, up to four hash slots (load <= 1/2, doubling), info.
  const std::size_t cost = sizeof(std::uint32_t) * (key_.size() + row + 1 + 4) + sizeof(StateInfo);
  if (bytes_used_ + cost > cache_bytes_) {
    if (!may_clear) return kNoRoomId;
    if (cost > cache_bytes_ || states_built_ > input_.size() / kMinBytesPerState) {
      return kGaveUpId;
    }
    clear();
  }
  const auto index = static_cast<std::uint32_t>(infos_.size());
  table_.push_back(index);
  info.id = static_cast<std::uint32_t>(table_.size());
  table_.resize(table_.size() + row, kUnknownEntry);
  info.key_begin = static_cast<std::uint32_t>(keys_.size());
  info.key_size = static_cast<std::uint32_t>(key_.size());
  keys_.insert(keys_.end(), key_.begin(), key_.end());
  infos_.push_back(info);
  insert_slot(index);
  bytes_used_ += cost;
  ++states_built_;
  ++search_.stats().states;
  return info.id;
}

std::uint32_t LazyDfa::find(std::uint32_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
    const StateInfo& info = infos_[slots_[slot] - 1];
    if (info.hash == hash && info.key_size == key_.size() &&
        std::equal(key_.begin(), key_.end(), keys_.begin() + info.key_begin)) {
      return slots_[slot] - 1;
    }
  }
  return UINT32_MAX;
}

// Keeps the table at most half full, so probes stay short.
void LazyDfa::insert_slot(std::uint32_t index) {
  if (2 * infos_.size() > slots_.size()) {
    slots_.assign(2 * slots_.size(), 0);
    for (std::uint32_t i = 0; i < index; ++i) place_slot(i);
  }
  place_slot(index);
}

void LazyDfa::place_slot(std::uint32_t index) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = infos_[index].hash & mask;
  while (slots_[slot] != 0) slot = (slot + 1) & mask;
  slots_[slot] = index + 1;
}

// The lookaheads reachable from key_'s seeds by epsilon moves (whatever the conditions):
// those whose bits an unassigned state reads. False when there are too many.
bool LazyDfa::relevant_lookaheads(StateInfo& info) {
  closure_.clear();
  std::size_t top = 0;
  for (std::size_t i = 1; i < key_.size(); ++i) {
    if (closure_.insert(key_[i])) stack_[top++] = key_[i];
  }
  std::uint64_t found = 0;
  while (top > 0) {
    const Inst& inst = program_.insts[stack_[--top]];
    auto follow = [&](std::uint32_t target) {
      if (closure_.insert(target)) stack_[top++] = target;
    };
    if (inst.op == Op::kSplit) follow(inst.alt);
    if (inst.op == Op::kLookahead) found |= std::uint64_t{1} << inst.index;
    if (inst.op == Op::kSplit || inst.op == Op::kAssert || inst.op == Op::kLookahead) {
      follow(inst.next);
    }
  }
  for (std::uint32_t index = 0; found != 0; ++index, found >>= 1) {
    if ((found & 1) == 0) continue;
    if (info.lookahead_count == kMaxLookaheadsPerState) return false;
    info.lookaheads[info.lookahead_count++] = static_cast<std::uint8_t>(index);
  }
  return true;
}

void LazyDfa::clear() {
  table_.clear();
  keys_.clear();
  infos_.clear();
  skip_tables_.clear();
  std::fill(slots_.begin(), slots_.end(), 0);
  start_ids_.fill(0);
  bytes_used_ = 0;
  ++generation_;
  ++search_.stats().cache_clears;
}

}  // namespace spur::detail::regex
