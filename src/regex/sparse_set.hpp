// SparseSet: the set of NFA program counters both engines keep per position.
//
// Briggs & Torczon's sparse set: O(1) insert, contains and clear, and iteration in
// insertion order. The Pike VM holds one per position (current and next threads); the lazy
// DFA uses two as scratch for epsilon closures and steps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace spur::detail::regex {

// Set of program counters with O(1) insert/contains/clear (Briggs & Torczon).
class SparseSet final {
 public:
  explicit SparseSet(std::size_t capacity) : dense_(capacity), sparse_(capacity) {}

  bool contains(std::uint32_t value) const {
    const std::uint32_t slot = sparse_[value];
    return slot < size_ && dense_[slot] == value;
  }
  // Returns false when already present.
  bool insert(std::uint32_t value) {
    if (contains(value)) return false;
    sparse_[value] = static_cast<std::uint32_t>(size_);
    dense_[size_++] = value;
    return true;
  }
  void clear() { size_ = 0; }
  bool empty() const { return size_ == 0; }
  const std::uint32_t* begin() const { return dense_.data(); }
  const std::uint32_t* end() const { return dense_.data() + size_; }

 private:
  std::vector<std::uint32_t> dense_;
  std::vector<std::uint32_t> sparse_;
  std::size_t size_ = 0;
};

}  // namespace spur::detail::regex
