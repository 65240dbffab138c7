#include "connection_budget.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace spur::server {

std::size_t raise_open_files_limit() noexcept {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? static_cast<std::size_t>(-1)
                                         : static_cast<std::size_t>(limit.rlim_cur);
}

std::size_t connection_limit(std::size_t wanted, std::size_t open_files_limit,
                             unsigned workers) noexcept {
  // Standard streams, a listener and an event loop descriptor per worker,
  // and room for files the handlers open (uploads, static files, logs).
  const std::size_t reserved = 64 + 4 * static_cast<std::size_t>(workers);
  const std::size_t usable = open_files_limit > reserved ? open_files_limit - reserved : 1;
  return std::max<std::size_t>(1, std::min(wanted, usable));
}

}  // namespace spur::server
