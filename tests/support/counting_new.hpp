#pragma once
// Replaces the global operator new with one that counts calls, for tests that
// hold code to a no-allocation promise. Include it in exactly one source file
// of a test executable (it defines the replacement functions), and never in a
// sanitizer build: AddressSanitizer brings its own operator new.
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace spur::testing_support {
inline std::atomic<std::size_t> allocation_count{0};
}  // namespace spur::testing_support

void* operator new(std::size_t size) {
  spur::testing_support::allocation_count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
