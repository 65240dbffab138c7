#pragma once
// Byte sizes for limits: 512_KB, 1_MB, 4_GB (binary multiples, as Next.js's
// "1mb" is 1,048,576 bytes).
#include <cstdint>

namespace spur {
inline namespace size_literals {
constexpr std::uint64_t operator""_B(unsigned long long n) { return n; }
constexpr std::uint64_t operator""_KB(unsigned long long n) { return n * 1024; }
constexpr std::uint64_t operator""_MB(unsigned long long n) { return n * 1024 * 1024; }
constexpr std::uint64_t operator""_GB(unsigned long long n) { return n * 1024 * 1024 * 1024; }
}  // namespace size_literals
}  // namespace spur
