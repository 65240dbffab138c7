// The compiled form of a pattern: Thompson NFA programs and the data both engines share.
//
// An Automaton is built once by the compiler (compiler.hpp) and is immutable afterwards;
// every LinearRegex copy shares it, and each match reads it from its own per-call state
// (the Pike VM's Runner, the lazy DFA's DfaSearch). It holds the main program, one
// reversed program per lookahead (for the right-to-left table pass) plus its forward twin
// (for the DFA's single-position queries), the interned byte sets, and the byte classes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ast.hpp"
#include "byte_set.hpp"

namespace spur::detail::regex {

enum class Op : std::uint8_t {
  kMatch,      // accepting state
  kByteSet,    // consume one byte in byte_sets[index], go to next
  kSplit,      // go to next and to alt
  kAssert,     // go to next if Assertion(arg) holds at the current position
  kLookahead,  // go to next if table[index] at the current position != arg (arg = negated)
};

struct Inst final {
  Op op = Op::kMatch;
  std::uint8_t arg = 0;
  std::uint32_t next = 0;
  std::uint32_t alt = 0;
  std::uint32_t index = 0;
};

// insts[0] is always the kMatch instruction.
struct Program final {
  std::vector<Inst> insts;
  std::uint32_t start = 0;
};

inline constexpr std::uint32_t kMatchPc = 0;

// Bytes that every program treats alike share a class, so DFA rows have one entry per class
// instead of 256. When a program uses \b or \B, word and non-word bytes never share one.
struct ByteClasses final {
  std::array<std::uint8_t, 256> class_of{};
  std::array<std::uint8_t, 256> representative{};  // one byte of each class
  std::uint32_t count = 0;                         // 1..256
};

struct Automaton final {
  std::vector<ByteSet> byte_sets;
  // Programs of reverse(X) for each lookahead X; one only refers to earlier ones.
  std::vector<Program> lookaheads;
  // Programs of X itself, same numbering: the lazy DFA answers single positions with them.
  // They are not counted in total_instructions (each has its reversed twin's size).
  std::vector<Program> forward_lookaheads;
  Program main;
  ByteClasses classes;
  std::size_t total_instructions = 0;
  std::size_t largest_program = 0;
};

}  // namespace spur::detail::regex
