// The logger's buffer has a budget: when the reader of the log stalls, lines
// beyond it are dropped and counted, and a line on the error stream says how
// many once writing resumes. Memory never follows the stalled reader.
#include "spur/core/log.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <thread>

namespace spur {
namespace {

std::string read_all(int fd) {
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  return out;
}

TEST(Logger, AStalledReaderCostsAtMostTheBudget) {
  int out[2], err[2];
  ASSERT_EQ(::pipe(out), 0);
  ASSERT_EQ(::pipe(err), 0);
  ASSERT_EQ(::fcntl(out[1], F_SETPIPE_SZ, 64 * 1024), 64 * 1024);
  const std::string line = std::string(1023, 'x') + "\n";
  std::uint64_t dropped = 0;
  {
    Logger log({.max_buffered_bytes = 64 * 1024}, out[1], err[1]);
    // Nobody reads `out` yet: the writer blocks once the pipe is full, and
    // 4 MiB of lines meet a 64 KiB budget.
    for (int i = 0; i < 4096; ++i) log.write_access(line);
    dropped = log.dropped();
    EXPECT_GE(dropped, 4096u - 3 * 64);  // budget + the writer's batch + the pipe
    // The reader comes back: what was kept is written, then the count.
    std::thread reader([&] { read_all(out[0]); });
    log.flush();
    log.write_access(line);
    log.flush();
    ::close(out[1]);
    ::close(err[1]);
    reader.join();
  }
  // Every dropped line is counted once, in one or more reports.
  const std::string said = read_all(err[0]);
  std::uint64_t reported = 0;
  for (std::size_t at = 0; (at = said.find("spur: warn: ", at)) != std::string::npos;) {
    at += 12;
    reported += std::stoull(said.substr(at));
    EXPECT_EQ(said.compare(said.find(' ', at), 19, " log lines dropped:"), 0) << said;
  }
  EXPECT_EQ(reported, dropped) << said;
  ::close(out[0]);
  ::close(err[0]);
}

}  // namespace
}  // namespace spur
