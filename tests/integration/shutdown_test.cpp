// Graceful shutdown on SIGTERM and SIGINT: the listener closes, idle
// connections close, requests in flight are answered in full (with
// Connection: close), and the process exits 0; past the grace period what is
// left is cut and the process still exits 0.
#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "support/raw_client.hpp"
#include "support/requests.hpp"
#include "support/server_process.hpp"
#include "support/tcp_state.hpp"

namespace spur::integration {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

double seconds_since(clock::time_point t) {
  return std::chrono::duration<double>(clock::now() - t).count();
}

// A keep-alive connection that has been answered once and is now idle.
RawClient idle_connection(std::uint16_t port) {
  RawClient c(port);
  c.send(get_request("/api/hello"));
  HttpResponse r = c.read_response();
  EXPECT_EQ(r.status, 200);
  return c;
}

// A connection whose request the server has read (its handler is running).
RawClient in_flight(std::uint16_t port, const std::string& target) {
  RawClient c(port);
  c.send(get_request(target));
  EXPECT_TRUE(wait_until_server_read(port, c.local_port())) << "the server never read " << target;
  return c;
}

// Retries connecting until the listener is gone; true once refused.
bool refused_within(std::uint16_t port, std::chrono::milliseconds limit) {
  const auto deadline = clock::now() + limit;
  for (;;) {
    int err = RawClient::try_connect(port);
    if (err == ECONNREFUSED) return true;
    // A probe that reached the accept queue just as the listener closed is
    // reset by the kernel; that is the closing itself, so try again.
    if (err != 0 && err != ECONNRESET)
      ADD_FAILURE() << "connect failed with " << std::strerror(err);
    if (clock::now() >= deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
}

void expect_full_response_then_close(RawClient& c, const std::string& body) {
  HttpResponse r = c.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, body);
  EXPECT_EQ(r.header("Connection"), "close");
  auto end = c.read_until_close(10s);
  EXPECT_TRUE(end.closed);
  EXPECT_EQ(end.bytes, "");
  c.close();
}

void expect_exit_zero(ServerProcess& server, std::chrono::milliseconds within) {
  auto status = server.wait_exit(within);
  ASSERT_TRUE(status.has_value()) << "the server did not exit within " << within.count() << " ms";
  EXPECT_TRUE(exited_cleanly(*status)) << describe_wait_status(*status);
}

void drains_gracefully_on(int signo) {
  ServerProcess server({"--workers", "2", "--shutdown-grace-ms", "5000"});
  const std::uint16_t port = server.port();
  RawClient idle = idle_connection(port);
  std::vector<RawClient> busy;
  for (int i = 0; i < 4; ++i) busy.push_back(in_flight(port, "/api/slow?ms=800"));

  const auto signalled = clock::now();
  server.send_signal(signo);

  // The idle connection is closed at once (its timeout is a minute away).
  auto idle_end = idle.read_until_close(5s);
  EXPECT_TRUE(idle_end.closed) << "the idle keep-alive connection was not closed";
  EXPECT_EQ(idle_end.bytes, "");
  // No new connections.
  EXPECT_TRUE(refused_within(port, 2s)) << "the listener still accepts after the signal";
  // Every request in flight gets its whole response, marked as the last.
  for (std::size_t i = 0; i < busy.size(); ++i) {
    SCOPED_TRACE("in-flight connection " + std::to_string(i));
    expect_full_response_then_close(busy[i], R"({"slept":800})");
  }
  expect_exit_zero(server, 10s);
  // Once they were done it did not wait out the 5 s grace period.
  EXPECT_LT(seconds_since(signalled), 4.5);
}

TEST(ShutdownIntegration, SigtermDrainsInFlightRequestsAndExitsZero) {
  drains_gracefully_on(SIGTERM);
}

TEST(ShutdownIntegration, SigintDrainsLikeSigterm) { drains_gracefully_on(SIGINT); }

TEST(ShutdownIntegration, IdleConnectionIsClosedWhileRequestsAreStillInFlight) {
  ServerProcess server({"--workers", "2", "--shutdown-grace-ms", "10000"});
  RawClient idle = idle_connection(server.port());
  RawClient busy = in_flight(server.port(), "/api/slow?ms=3000");
  server.terminate();
  auto idle_end = idle.read_until_close(5s);
  EXPECT_TRUE(idle_end.closed);
  EXPECT_EQ(idle_end.bytes, "");
  // Closed by the drain itself, not by the process exiting afterwards.
  EXPECT_FALSE(busy.wait_readable(0ms)) << "the idle connection was closed only at the end";
  expect_full_response_then_close(busy, R"({"slept":3000})");
  expect_exit_zero(server, 10s);
}

TEST(ShutdownIntegration, SigtermWithoutConnectionsExitsZero) {
  ServerProcess server({"--workers", "2"});
  RawClient c(server.port());  // served once, then closed by the client
  c.send(get_request("/api/hello", "Connection: close\r\n"));
  EXPECT_EQ(c.read_response().status, 200);
  c.close();
  server.terminate();
  expect_exit_zero(server, 5s);
}

TEST(ShutdownIntegration, RequestOutlivingGracePeriodIsCutAndProcessExitsZero) {
  ServerProcess server({"--workers", "2", "--shutdown-grace-ms", "300"});
  RawClient busy = in_flight(server.port(), "/api/slow?ms=10000");
  const auto signalled = clock::now();
  server.terminate();
  auto end = busy.read_until_close(8s);
  EXPECT_TRUE(end.closed) << "the connection outlived the grace period";
  EXPECT_EQ(end.bytes, "") << "no response can have been completed";
  EXPECT_GE(seconds_since(signalled), 0.2);
  expect_exit_zero(server, 6s);
  EXPECT_LT(seconds_since(signalled), 8.0);
}

TEST(ShutdownIntegration, SecondSignalCutsGracePeriodShort) {
  ServerProcess server({"--workers", "2", "--shutdown-grace-ms", "30000"});
  RawClient busy = in_flight(server.port(), "/api/slow?ms=20000");
  server.terminate();
  // Still draining: the request has 30 s of grace and needs 20 s.
  EXPECT_FALSE(server.wait_exit(300ms).has_value()) << "exited before the request was done";
  const auto second = clock::now();
  server.terminate();
  auto end = busy.read_until_close(8s);
  EXPECT_TRUE(end.closed);
  EXPECT_EQ(end.bytes, "");
  expect_exit_zero(server, 8s);
  EXPECT_LT(seconds_since(second), 8.0);
}

}  // namespace
}  // namespace spur::integration
