// ByteSet, a 256-bit set of byte values, and the byte classes the syntax names (\d \w \s .).
//
// Every consuming NFA instruction tests one ByteSet. The parser builds them, the compiler
// interns them and derives the DFA's byte classes from them, and both engines test them.
// is_word_byte is shared by \w, \b/\B and the DFA's "word byte behind" state bit.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace spur::detail::regex {

// Byte sets: one bit per byte value. Every consuming NFA instruction tests one of these.
class ByteSet final {
 public:
  void add(unsigned char byte) { bits_[byte >> 6] |= std::uint64_t{1} << (byte & 63); }
  void add_range(unsigned char lo, unsigned char hi) {
    for (unsigned value = lo; value <= hi; ++value) add(static_cast<unsigned char>(value));
  }
  void add_all(const ByteSet& other) {
    for (std::size_t i = 0; i < bits_.size(); ++i) bits_[i] |= other.bits_[i];
  }
  void invert() {
    for (auto& word : bits_) word = ~word;
  }
  bool contains(unsigned char byte) const { return (bits_[byte >> 6] >> (byte & 63)) & 1; }
  const std::array<std::uint64_t, 4>& bits() const { return bits_; }

 private:
  std::array<std::uint64_t, 4> bits_{};
};

inline bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

inline ByteSet single_byte(unsigned char c) {
  ByteSet set;
  set.add(c);
  return set;
}

inline ByteSet digit_set() {
  ByteSet set;
  set.add_range('0', '9');
  return set;
}

inline ByteSet word_set() {
  ByteSet set;
  for (unsigned c = 0; c < 256; ++c) {
    if (is_word_byte(static_cast<unsigned char>(c))) set.add(static_cast<unsigned char>(c));
  }
  return set;
}

// ECMAScript \s is Unicode White_Space plus line terminators; byte-oriented we keep the
// ASCII ones (0xA0 would be U+00A0 in JS but is a UTF-8 continuation byte here).
inline ByteSet space_set() {
  ByteSet set;
  for (unsigned char c : {'\t', '\n', '\v', '\f', '\r', ' '}) set.add(c);
  return set;
}

// ECMAScript '.' excludes the line terminators; of those only \n and \r are single bytes.
inline ByteSet dot_set() {
  ByteSet set;
  set.add('\n');
  set.add('\r');
  set.invert();
  return set;
}

}  // namespace spur::detail::regex
