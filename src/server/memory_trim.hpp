#pragma once
// Gives memory the allocator keeps after a burst back to the system. glibc
// holds freed blocks in its per-thread arenas, and raises its mmap threshold
// each time a large block is freed, so a process that once buffered hundreds
// of megabytes (an upload burst, large JSON bodies, an attack that was
// refused) would otherwise stay that large with no connections at all.
#include <cstddef>

namespace spur::server {

// Fixes the allocator's thresholds where glibc would let them drift up after
// each large free: blocks up to 32 MiB stay in the heaps (reused without page
// faults, as by default), and a heap's free top past 16 MiB goes back to the
// system at once. Skipped when GLIBC_TUNABLES sets malloc options: the
// operator's choice wins.
void return_large_blocks() noexcept;

// Trims when the allocator holds at least `threshold` free bytes; returns
// whether it trimmed. The server calls it every few seconds: it costs a walk
// of the arenas' free lists, and a trim only when enough is free.
bool return_free_memory(std::size_t threshold) noexcept;

}  // namespace spur::server
