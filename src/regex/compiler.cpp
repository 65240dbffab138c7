// The compiler: AST (ast.hpp) -> Thompson NFA programs and byte classes (program.hpp).
//
// Code is emitted back to front, so no patch lists are needed; x{n,m} is expanded into
// copies, and every lookahead gets one reversed program (and a forward twin), numbered
// innermost-first. The byte classes are found by partition refinement over the byte sets.

#include "compiler.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ast.hpp"
#include "byte_set.hpp"
#include "program.hpp"
#include "spur/regex/linear_regex.hpp"

namespace spur::detail::regex {
namespace {

// Thompson construction, emitted back to front: compile(node, next) emits the code for
// `node` continuing at `next` and returns its entry, so no patch lists are needed.
class Compiler final {
 public:
  Compiler(Automaton& out, std::size_t lookahead_nodes)
      : out_(out), lookahead_slot_(lookahead_nodes, kNoSlot) {}

  void compile(const Node& root) {
    out_.main = compile_program(root, /*reversed=*/false);
    for (const auto& program : out_.lookaheads) {
      out_.largest_program = std::max(out_.largest_program, program.insts.size());
    }
    out_.largest_program = std::max(out_.largest_program, out_.main.insts.size());
    out_.classes = byte_classes();
  }

 private:
  static constexpr std::uint32_t kNoSlot = UINT32_MAX;

  Program compile_program(const Node& root, bool reversed) {
    Program program;
    emit(program, Inst{Op::kMatch});
    program.start = compile_node(root, kMatchPc, program, reversed);
    return program;
  }

  std::uint32_t emit(Program& program, const Inst& inst) {
    if (counting_ && ++out_.total_instructions > LinearRegex::kMaxInstructions) {
      throw std::invalid_argument("LinearRegex: pattern too large: the compiled program exceeds " +
                                  std::to_string(LinearRegex::kMaxInstructions) +
                                  " instructions (reduce {n,m} counts or nesting of repetitions)");
    }
    program.insts.push_back(inst);
    return static_cast<std::uint32_t>(program.insts.size() - 1);
  }

  std::uint32_t compile_node(const Node& node, std::uint32_t next, Program& program,
                             bool reversed) {
    switch (node.kind) {
      case NodeKind::kEmpty: return next;
      case NodeKind::kBytes:
        return emit(program, Inst{Op::kByteSet, 0, next, 0, intern(node.bytes)});
      case NodeKind::kConcat: return compile_concat(node, next, program, reversed);
      case NodeKind::kAlternation: return compile_alternation(node, next, program, reversed);
      case NodeKind::kRepeat: return compile_repeat(node, next, program, reversed);
      case NodeKind::kAssertion:
        return emit(program,
                    Inst{Op::kAssert, static_cast<std::uint8_t>(node.assertion), next, 0, 0});
      case NodeKind::kLookahead: {
        const std::uint32_t table = lookahead_table(node);
        return emit(program, Inst{Op::kLookahead, node.negated, next, 0, table});
      }
    }
    return next;  // unreachable
  }

  // In a reversed program the children run last to first; otherwise first to last, which
  // back-to-front emission means compiling the last child first.
  std::uint32_t compile_concat(const Node& node, std::uint32_t next, Program& program,
                               bool reversed) {
    const auto& children = node.children;
    if (reversed) {
      for (const auto& child : children) next = compile_node(*child, next, program, reversed);
    } else {
      for (auto it = children.rbegin(); it != children.rend(); ++it) {
        next = compile_node(**it, next, program, reversed);
      }
    }
    return next;
  }

  std::uint32_t compile_alternation(const Node& node, std::uint32_t next, Program& program,
                                    bool reversed) {
    std::vector<std::uint32_t> entries;
    entries.reserve(node.children.size());
    for (const auto& child : node.children) {
      entries.push_back(compile_node(*child, next, program, reversed));
    }
    std::uint32_t entry = entries.back();
    for (std::size_t i = entries.size() - 1; i-- > 0;) {
      entry = emit(program, Inst{Op::kSplit, 0, entries[i], entry, 0});
    }
    return entry;
  }

  // x{min,max}: `min` mandatory copies followed by either a loop (max unbounded; the last
  // mandatory copy doubles as the loop body when min > 0) or max-min optional copies.
  std::uint32_t compile_repeat(const Node& node, std::uint32_t next, Program& program,
                               bool reversed) {
    const Node& body = *node.children.front();
    std::uint32_t entry = next;
    std::uint32_t mandatory = node.min;
    if (node.max == kUnbounded) {
      const std::uint32_t split = emit(program, Inst{Op::kSplit, 0, 0, next, 0});
      const std::uint32_t body_entry = compile_node(body, split, program, reversed);
      program.insts[split].next = body_entry;
      if (node.min == 0) {
        entry = split;
      } else {
        entry = body_entry;
        --mandatory;
      }
    } else {
      for (std::uint32_t i = node.min; i < node.max; ++i) {
        const std::uint32_t body_entry = compile_node(body, entry, program, reversed);
        entry = emit(program, Inst{Op::kSplit, 0, body_entry, next, 0});
      }
    }
    for (std::uint32_t i = 0; i < mandatory; ++i) {
      entry = compile_node(body, entry, program, reversed);
    }
    return entry;
  }

  // Each lookahead node gets one reversed program, however often repetition copies it.
  // Nested lookaheads are compiled (and so numbered) before the one containing them.
  std::uint32_t lookahead_table(const Node& node) {
    if (lookahead_slot_[node.lookahead_id] != kNoSlot) return lookahead_slot_[node.lookahead_id];
    Program program = compile_program(*node.children.front(), /*reversed=*/true);
    if (out_.lookaheads.size() >= LinearRegex::kMaxLookaheads) {
      throw std::invalid_argument("LinearRegex: more than " +
                                  std::to_string(LinearRegex::kMaxLookaheads) +
                                  " lookaheads in one pattern");
    }
    // Nested lookaheads already have their slots (the reversed compile made them), so the
    // forward copy emits only this body's instructions, which are not counted again.
    counting_ = false;
    Program forward = compile_program(*node.children.front(), /*reversed=*/false);
    counting_ = true;
    const auto slot = static_cast<std::uint32_t>(out_.lookaheads.size());
    out_.lookaheads.push_back(std::move(program));
    out_.forward_lookaheads.push_back(std::move(forward));
    lookahead_slot_[node.lookahead_id] = slot;
    return slot;
  }

  std::uint32_t intern(const ByteSet& set) {
    const auto [it, inserted] =
        set_index_.emplace(set.bits(), static_cast<std::uint32_t>(out_.byte_sets.size()));
    if (inserted) out_.byte_sets.push_back(set);
    return it->second;
  }

  bool uses_word_boundary() const {
    auto has_boundary = [](const Program& program) {
      return std::any_of(program.insts.begin(), program.insts.end(), [](const Inst& inst) {
        const auto assertion = static_cast<Assertion>(inst.arg);
        return inst.op == Op::kAssert &&
               (assertion == Assertion::kWordBoundary || assertion == Assertion::kNotWordBoundary);
      });
    };
    return has_boundary(out_.main) ||
           std::any_of(out_.lookaheads.begin(), out_.lookaheads.end(), has_boundary);
  }

  // Partition refinement: each byte set (and the word set, when \b or \B is used) splits
  // every class into its members and non-members.
  ByteClasses byte_classes() const {
    std::vector<ByteSet> splitters = out_.byte_sets;
    if (uses_word_boundary()) splitters.push_back(word_set());
    std::array<std::uint32_t, 256> class_of{};
    std::uint32_t count = 1;
    for (const ByteSet& set : splitters) {
      std::vector<std::uint32_t> renumbered(2 * count, UINT32_MAX);
      std::uint32_t next_count = 0;
      for (unsigned byte = 0; byte < 256; ++byte) {
        auto& slot =
            renumbered[2 * class_of[byte] + set.contains(static_cast<unsigned char>(byte))];
        if (slot == UINT32_MAX) slot = next_count++;
        class_of[byte] = slot;
      }
      count = next_count;
    }
    ByteClasses classes;
    classes.count = count;
    for (unsigned byte = 256; byte-- > 0;) {
      classes.class_of[byte] = static_cast<std::uint8_t>(class_of[byte]);
      classes.representative[class_of[byte]] = static_cast<std::uint8_t>(byte);
    }
    return classes;
  }

  Automaton& out_;
  std::vector<std::uint32_t> lookahead_slot_;
  std::map<std::array<std::uint64_t, 4>, std::uint32_t> set_index_;
  bool counting_ = true;  // whether emitted instructions count towards kMaxInstructions
};

}  // namespace

Automaton compile(const Node& root, std::size_t lookahead_count) {
  Automaton automaton;
  Compiler compiler(automaton, lookahead_count);
  compiler.compile(root);
  return automaton;
}

}  // namespace spur::detail::regex
