// PositionBits: a lookahead's table, one bit per input position.
//
// Bit i says whether the lookahead's body matches some prefix of input[i..]. The Pike VM
// fills one per lookahead before its forward pass; the lazy DFA fills one only for a
// lookahead whose on-demand queries ran out of budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace spur::detail::regex {

// One bit per input position 0..n: does the lookahead's body match a prefix of input[i..]?
class PositionBits final {
 public:
  explicit PositionBits(std::size_t positions) : words_(positions / 64 + 1) {}
  void set(std::size_t pos) { words_[pos / 64] |= std::uint64_t{1} << (pos % 64); }
  bool test(std::size_t pos) const { return (words_[pos / 64] >> (pos % 64)) & 1; }

 private:
  std::vector<std::uint64_t> words_;
};

}  // namespace spur::detail::regex
