// Timeouts, with a server configured for short ones (300 ms). Only loose
// bounds are asserted: a lower bound that proves the timeout was waited for,
// an upper bound of seconds that proves it fired at all.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/assertions.hpp"
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

class TimeoutIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.emplace(std::vector<std::string>{"--workers", "2", "--header-timeout-ms", "300",
                                             "--body-timeout-ms", "300", "--idle-timeout-ms",
                                             "300"});
  }
  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(stops_cleanly(*server_));
    }
  }
  std::uint16_t port() const { return server_->port(); }
  std::optional<ServerProcess> server_;
};

TEST_F(TimeoutIntegration, SlowlorisHeadGets408ThenClose) {
  RawClient client(port());
  const std::string head = "GET /api/hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
  const auto first_byte = clock::now();
  client.send(head.substr(0, 1));
  // Keep the head growing, one byte every 100 ms: progress must not extend
  // the header deadline, which runs from the first byte.
  std::size_t next = 1;
  while (!client.wait_readable(100ms)) {
    ASSERT_LT(seconds_since(first_byte), 5.0) << "no answer to a head trickled for 5 s";
    if (!client.try_send(next < head.size() ? head.substr(next++, 1) : std::string("a"))) break;
  }
  HttpResponse r = client.read_response();
  auto end = client.read_until_close(5s);
  const double closed_after = seconds_since(first_byte);
  EXPECT_EQ(r.status, 408);
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_EQ(r.body, R"({"error":"Request header timeout"})");
  EXPECT_TRUE(end.closed);
  EXPECT_EQ(end.bytes, "");
  EXPECT_GE(closed_after, 0.2);
  EXPECT_LE(closed_after, 2.0);
}

// A body that stops: 408 with the body timeout's message, then close. The
// head and the first body bytes arrive in one read or in two.
void expect_body_stall_answered(RawClient& client, clock::time_point stalled) {
  HttpResponse r = client.read_response();
  EXPECT_GE(seconds_since(stalled), 0.2);
  EXPECT_EQ(r.status, 408);
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_EQ(r.body, R"({"error":"Request body timeout"})");
  auto end = client.read_until_close(5s);
  EXPECT_TRUE(end.closed);
  EXPECT_EQ(end.bytes, "");
  EXPECT_LE(seconds_since(stalled), 5.0);
}

const std::string stalled_head =
    "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    "Content-Length: 100\r\n\r\n";

TEST_F(TimeoutIntegration, StalledBodyGets408ThenClose) {
  RawClient client(port());
  client.send(stalled_head);
  ASSERT_TRUE(wait_until_server_read(port(), client.local_port()));
  client.send(R"({"part":1)");  // 10 of the 100 bytes, then nothing
  expect_body_stall_answered(client, clock::now());
}

TEST_F(TimeoutIntegration, BodyStallingInTheHeadsReadGets408ThenClose) {
  RawClient client(port());
  client.send(stalled_head + R"({"part":1)");  // one write: head and 10 body bytes
  expect_body_stall_answered(client, clock::now());
}

TEST_F(TimeoutIntegration, IdleKeepAliveConnectionIsClosedSilently) {
  RawClient client(port());
  client.send(get_request("/api/hello"));
  HttpResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.header("Connection").has_value());
  const auto idle_since = clock::now();
  auto end = client.read_until_close(5s);
  EXPECT_TRUE(end.closed) << "an idle keep-alive connection was kept past the idle timeout";
  EXPECT_EQ(end.bytes, "") << "an idle close must not send anything (no 408)";
  EXPECT_GE(seconds_since(idle_since), 0.2);
}

TEST_F(TimeoutIntegration, ConnectionThatSendsNothingIsClosed) {
  const auto opened = clock::now();
  RawClient client(port());
  auto end = client.read_until_close(5s);
  EXPECT_TRUE(end.closed) << "a silent connection was never closed";
  EXPECT_EQ(end.bytes, "");
  EXPECT_GE(seconds_since(opened), 0.2);
}

TEST_F(TimeoutIntegration, TricklingBodyThatKeepsProgressingIsNotCut) {
  const std::string body = R"({"a":1234})";
  ASSERT_EQ(body.size(), 10u);
  RawClient client(port());
  client.send(
      "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: 10\r\n\r\n");
  const auto started = clock::now();
  // One byte every 100 ms: about 1 s in all, over three body timeouts, but
  // never a pause of one.
  for (char c : body) {
    std::this_thread::sleep_for(100ms);
    ASSERT_FALSE(client.wait_readable(0ms)) << "the server answered (or closed) mid-body";
    client.send(std::string(1, c));
  }
  EXPECT_GE(seconds_since(started), 0.9);
  HttpResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, body);
}

// Once the head is complete, the wait for the body is governed by the body
// timeout, not by the (here much shorter) header timeout.
class HeadThenBodyTimeoutIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.emplace(std::vector<std::string>{"--workers", "2", "--header-timeout-ms", "300",
                                             "--body-timeout-ms", "5000"});
  }
  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(stops_cleanly(*server_));
    }
  }
  std::uint16_t port() const { return server_->port(); }
  std::optional<ServerProcess> server_;
};

TEST_F(HeadThenBodyTimeoutIntegration, PauseBeforeBodyIsMeasuredByBodyTimeout) {
  const std::string body = R"({"after":"a pause"})";
  RawClient client(port());
  client.send(
      "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  ASSERT_TRUE(wait_until_server_read(port(), client.local_port()));
  // Over three header timeouts, well within the body timeout.
  EXPECT_FALSE(client.wait_readable(1000ms)) << "the server answered or closed during the pause";
  client.send(body);
  HttpResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, body);
}

TEST_F(HeadThenBodyTimeoutIntegration, PauseAfter100ContinueIsMeasuredByBodyTimeout) {
  const std::string body = R"({"after":"100 Continue"})";
  RawClient client(port());
  client.send(
      "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  EXPECT_EQ(client.read_response().status, 100);
  EXPECT_FALSE(client.wait_readable(1000ms)) << "the server answered or closed during the pause";
  client.send(body);
  HttpResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, body);
}

}  // namespace
}  // namespace spur::integration
