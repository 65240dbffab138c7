// The Pike VM: Pike-VM style simulation of the NFA programs over sparse state sets, no
// captures, boolean answer only.
//
// Lookaheads. Every assertion this subset has (^, $, \b, \B, (?=X), (?!X)) is a predicate
// of the input POSITION alone, never of how the match reached it (there are no
// backreferences). So for each lookahead X we precompute, for every position i, whether X
// matches some prefix of input[i..]. That table is filled by ONE right-to-left pass of the
// NFA of reverse(X): at each position p we inject the (reversed) start state, meaning "a
// match of X may end here", step backwards over input[p-1], and whenever the accepting
// state is live at p, X matches starting at p. Assertions inside X are evaluated at the
// absolute position they sit at, so ^ and $ keep their meaning, and a nested lookahead is
// just another table, computed first (the compiler numbers lookaheads innermost-first).
// Cost: O(n * |X|) per lookahead, so O(n * pattern) overall, however the lookahead is
// quantified in the surrounding expression.

#include "pike_vm.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "ast.hpp"
#include "byte_set.hpp"
#include "position_bits.hpp"
#include "sparse_set.hpp"

namespace spur::detail::regex {
namespace {

bool assertion_holds(Assertion assertion, std::string_view input, std::size_t pos) {
  switch (assertion) {
    case Assertion::kBegin: return pos == 0;
    case Assertion::kEnd: return pos == input.size();
    case Assertion::kWordBoundary:
    case Assertion::kNotWordBoundary: {
      const bool before = pos > 0 && is_word_byte(static_cast<unsigned char>(input[pos - 1]));
      const bool after = pos < input.size() && is_word_byte(static_cast<unsigned char>(input[pos]));
      return (before != after) == (assertion == Assertion::kWordBoundary);
    }
  }
  return false;
}

// Per-call state; everything mutable lives here, so a const LinearRegex is thread-safe.
class Runner final {
 public:
  Runner(const Automaton& automaton, std::string_view input)
      : automaton_(automaton),
        input_(input),
        sets_{SparseSet(automaton.largest_program), SparseSet(automaton.largest_program)},
        stack_(automaton.largest_program) {}

  bool run() {
    tables_.reserve(automaton_.lookaheads.size());
    for (const auto& program : automaton_.lookaheads) tables_.push_back(lookahead_table(program));
    return run_forward(automaton_.main);
  }

 private:
  // Adds `pc` and everything reachable from it without consuming input at `pos`. Each
  // pc is pushed at most once per position (it is inserted into `set` when pushed), so
  // the explicit stack never holds more than the program size.
  void add_closure(const Program& program, std::uint32_t pc, std::size_t pos, SparseSet& set) {
    if (!set.insert(pc)) return;
    const Inst* const insts = program.insts.data();
    std::uint32_t* const stack = stack_.data();
    std::size_t top = 0;
    stack[top++] = pc;
    auto follow = [&](std::uint32_t target) {
      if (set.insert(target)) stack[top++] = target;
    };
    while (top > 0) {
      const Inst& inst = insts[stack[--top]];
      switch (inst.op) {
        case Op::kMatch:
        case Op::kByteSet: break;  // stays in the set; step() and the callers look at these
        case Op::kSplit:
          follow(inst.alt);
          follow(inst.next);
          break;
        case Op::kAssert:
          if (assertion_holds(static_cast<Assertion>(inst.arg), input_, pos)) follow(inst.next);
          break;
        case Op::kLookahead:
          if (tables_[inst.index].test(pos) != (inst.arg != 0)) follow(inst.next);
          break;
      }
    }
  }

  // Moves every thread of `from` that accepts `byte` to `to`, closed at `to_pos`.
  void step(const Program& program, const SparseSet& from, unsigned char byte, std::size_t to_pos,
            SparseSet& to) {
    to.clear();
    const Inst* const insts = program.insts.data();
    const ByteSet* const byte_sets = automaton_.byte_sets.data();
    for (const std::uint32_t pc : from) {
      const Inst& inst = insts[pc];
      if (inst.op == Op::kByteSet && byte_sets[inst.index].contains(byte)) {
        add_closure(program, inst.next, to_pos, to);
      }
    }
  }

  bool run_forward(const Program& program) {
    SparseSet* current = &sets_[0];
    SparseSet* next = &sets_[1];
    current->clear();
    add_closure(program, program.start, 0, *current);
    for (std::size_t pos = 0; pos < input_.size(); ++pos) {
      if (current->empty()) return false;
      step(program, *current, static_cast<unsigned char>(input_[pos]), pos + 1, *next);
      std::swap(current, next);
    }
    return current->contains(kMatchPc);
  }

  // Right-to-left pass of reverse(X), starting a new thread at every position.
  PositionBits lookahead_table(const Program& program) {
    PositionBits table(input_.size() + 1);
    SparseSet* current = &sets_[0];
    SparseSet* next = &sets_[1];
    current->clear();
    for (std::size_t pos = input_.size();; --pos) {
      add_closure(program, program.start, pos, *current);
      if (current->contains(kMatchPc)) table.set(pos);
      if (pos == 0) break;
      step(program, *current, static_cast<unsigned char>(input_[pos - 1]), pos - 1, *next);
      std::swap(current, next);
    }
    return table;
  }

  const Automaton& automaton_;
  std::string_view input_;
  std::array<SparseSet, 2> sets_;  // current and next position's threads
  std::vector<std::uint32_t> stack_;
  std::vector<PositionBits> tables_;
};

}  // namespace

bool pike_vm_full_match(const Automaton& automaton, std::string_view input) {
  Runner runner(automaton, input);
  return runner.run();
}

}  // namespace spur::detail::regex
