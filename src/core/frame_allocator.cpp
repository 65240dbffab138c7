#include <array>
#include <cstddef>
#include <new>

#include "spur/core/async.hpp"

namespace spur::detail {
namespace {

constexpr std::size_t granularity = 64;
constexpr std::size_t classes = 16;  // frames up to 1 KiB are recycled
constexpr std::size_t max_cached_per_class = 256;

struct FreeBlock {
  FreeBlock* next;
};

struct FrameCache {
  std::array<FreeBlock*, classes> heads{};
  std::array<std::size_t, classes> counts{};
  ~FrameCache() {
    for (FreeBlock* b : heads)
      while (b) ::operator delete(std::exchange(b, b->next));
  }
};

thread_local FrameCache cache;

std::size_t size_class(std::size_t size) noexcept {
  return (size + granularity - 1) / granularity - 1;
}

}  // namespace

void* allocate_frame(std::size_t size) {
  std::size_t c = size_class(size);
  if (c < classes) {
    if (FreeBlock* b = cache.heads[c]) {
      cache.heads[c] = b->next;
      --cache.counts[c];
      return b;
    }
    return ::operator new((c + 1) * granularity);
  }
  return ::operator new(size);
}

void deallocate_frame(void* p, std::size_t size) noexcept {
  std::size_t c = size_class(size);
  if (c < classes && cache.counts[c] < max_cached_per_class) {
    cache.heads[c] = new (p) FreeBlock{cache.heads[c]};
    ++cache.counts[c];
    return;
  }
  ::operator delete(p);
}

}  // namespace spur::detail
