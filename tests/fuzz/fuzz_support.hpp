#pragma once
// What every fuzz target here shares: an invariant check that works in the
// NDEBUG fuzz build, split points derived from the input, and exact copies.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

namespace spur::fuzz {

[[noreturn]] inline void violated(const char* file, int line, const char* what) {
  std::fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, what);
  std::abort();
}

// FNV-1a: split points must come from the input alone so a crash reproduces.
inline std::uint64_t hash(std::string_view s, std::uint64_t seed = 0) {
  std::uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// An exactly-sized heap copy: reading one byte past it is an ASan report.
struct Copy {
  explicit Copy(std::string_view s) : size(s.size()), data(new char[s.size() ? s.size() : 1]) {
    if (size) std::memcpy(data.get(), s.data(), size);
  }
  std::string_view view() const { return {data.get(), size}; }
  std::size_t size;
  std::unique_ptr<char[]> data;
};

}  // namespace spur::fuzz

// Not assert(): the fuzz build defines NDEBUG.
#define FUZZ_CHECK(cond)                                            \
  do {                                                              \
    if (!(cond)) ::spur::fuzz::violated(__FILE__, __LINE__, #cond); \
  } while (0)
