#pragma once
// GoogleTest assertions over the harness.
#include <gtest/gtest.h>

#include <chrono>

#include "support/server_process.hpp"

namespace spur::integration {

// Stops the server with SIGTERM and checks that it exits with status 0 in
// time. Used at the end of every test, so that a crash, a sanitizer report
// (abort_on_error) or a leak found at exit in the server fails the test that
// caused it, even when every response looked right.
inline ::testing::AssertionResult stops_cleanly(
    ServerProcess& server, std::chrono::milliseconds within = std::chrono::seconds(15)) {
  if (!server.running()) return ::testing::AssertionFailure() << "the server was no longer running";
  server.terminate();
  auto status = server.wait_exit(within);
  if (!status)
    return ::testing::AssertionFailure()
           << "the server did not exit within " << within.count() << " ms of SIGTERM";
  if (!exited_cleanly(*status))
    return ::testing::AssertionFailure() << "the server " << describe_wait_status(*status);
  return ::testing::AssertionSuccess();
}

}  // namespace spur::integration
