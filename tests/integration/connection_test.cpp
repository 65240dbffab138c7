// Connection behaviour over raw sockets: pipelining, keep-alive in HTTP/1.1
// and 1.0, Connection: close, 100-continue, chunked uploads in pieces, many
// concurrent connections, and a handler that throws.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/assertions.hpp"
#include "support/raw_client.hpp"
#include "support/requests.hpp"
#include "support/server_process.hpp"

namespace spur::integration {
namespace {

using namespace std::chrono_literals;

class ConnectionIntegration : public ::testing::Test {
 protected:
  void SetUp() override { server_.emplace(std::vector<std::string>{"--workers", "2"}); }
  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(stops_cleanly(*server_));
    }
  }
  std::uint16_t port() const { return server_->port(); }

  // Asserts that the server ends the connection without sending anything more.
  static void expect_closed_quietly(RawClient& client) {
    auto end = client.read_until_close(10s);
    EXPECT_TRUE(end.closed) << "the server kept the connection open";
    EXPECT_EQ(end.bytes, "") << "unexpected bytes after the last response";
  }

  std::optional<ServerProcess> server_;
};

// What the server must answer to request number `i` of the mixed pipeline.
struct Expected {
  std::string request;
  int status;
  std::string body;
  bool head = false;
};

Expected mixed_request(int i) {
  const std::string n = std::to_string(i);
  switch (i % 5) {
    case 0: return {get_request("/api/hello"), 200, std::string(hello_body)};
    case 1:
      return {get_request("/api/users/u" + n), 200,
              R"({"id":"u)" + n + R"(","name":"User u)" + n + R"("})"};
    case 2: {
      std::string body = R"({"n":)" + n + R"(,"s":"pipelined"})";
      return {post_request("/api/echo", body), 200, body};
    }
    case 3: return {get_request("/missing/" + n), 404, R"({"error":"Not Found"})"};
    default: {
      std::string r = "HEAD /api/users/h" + n + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
      return {r, 200, "", true};
    }
  }
}

TEST_F(ConnectionIntegration, FiftyPipelinedRequestsAnsweredInOrder) {
  std::vector<Expected> expected;
  std::string all;
  for (int i = 0; i < 50; ++i) {
    expected.push_back(mixed_request(i));
    all += expected.back().request;
  }
  RawClient client(port());
  client.send(all);  // every request in one write
  for (int i = 0; i < 50; ++i) {
    SCOPED_TRACE("response " + std::to_string(i));
    HttpResponse r = client.read_response(expected[i].head);
    EXPECT_EQ(r.status, expected[i].status);
    EXPECT_EQ(r.body, expected[i].body);
    EXPECT_FALSE(r.header("Connection").has_value());
    if (expected[i].head) {
      // HEAD: the length of the GET body, none of its bytes.
      const std::string n = std::to_string(i);
      const std::string get_body = R"({"id":"h)" + n + R"(","name":"User h)" + n + R"("})";
      EXPECT_EQ(r.header("Content-Length"), std::to_string(get_body.size()));
    }
  }
  EXPECT_EQ(client.buffered(), "");
  // Still open and in sync.
  client.send(get_request("/api/users/last"));
  EXPECT_EQ(client.read_response().body, R"({"id":"last","name":"User last"})");
}

TEST_F(ConnectionIntegration, PipelinedSlowRequestKeepsResponseOrder) {
  RawClient client(port());
  client.send(get_request("/api/users/first") + get_request("/api/slow?ms=200") +
              get_request("/api/users/third") + post_request("/api/echo", R"({"fourth":4})") +
              get_request("/api/hello"));
  EXPECT_EQ(client.read_response().body, R"({"id":"first","name":"User first"})");
  HttpResponse slow = client.read_response();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, R"({"slept":200})");
  EXPECT_EQ(client.read_response().body, R"({"id":"third","name":"User third"})");
  EXPECT_EQ(client.read_response().body, R"({"fourth":4})");
  EXPECT_EQ(client.read_response().body, hello_body);
  EXPECT_EQ(client.buffered(), "");
}

TEST_F(ConnectionIntegration, OffloadedWorkDoesNotBlockTheWorker) {
  // One worker: if the blocking call ran on it, the second connection could
  // not be answered until the first finished.
  server_.reset();
  server_.emplace(std::vector<std::string>{"--workers", "1"});
  RawClient blocked(port());
  blocked.send(get_request("/api/offload?ms=1500"));
  RawClient other(port());
  other.send(get_request("/api/hello"));
  EXPECT_EQ(other.read_response().body, hello_body);
  EXPECT_FALSE(blocked.wait_readable(0ms)) << "the offloaded request finished first";
  HttpResponse r = blocked.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"offloaded":1500})");
}

TEST_F(ConnectionIntegration, Http11KeepsAliveByDefault) {
  RawClient client(port());
  client.send(get_request("/api/hello"));
  HttpResponse first = client.read_response();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, hello_body);
  EXPECT_FALSE(first.header("Connection").has_value());
  // The connection is still usable: no EOF, and a second request is answered.
  EXPECT_FALSE(client.wait_readable(200ms)) << "the server sent or closed something";
  client.send(get_request("/api/users/2"));
  HttpResponse second = client.read_response();
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, R"({"id":"2","name":"User 2"})");
  EXPECT_FALSE(second.header("Connection").has_value());
}

TEST_F(ConnectionIntegration, Http10ClosesAfterResponseWithoutKeepAlive) {
  RawClient client(port());
  client.send("GET /api/hello HTTP/1.0\r\n\r\n");
  HttpResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, hello_body);
  EXPECT_EQ(r.header("Connection"), "close");
  expect_closed_quietly(client);
}

TEST_F(ConnectionIntegration, Http10KeepAliveStaysOpen) {
  RawClient client(port());
  client.send("GET /api/hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  HttpResponse first = client.read_response();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, hello_body);
  EXPECT_EQ(first.header("Connection"), "keep-alive");

  client.send("GET /api/users/10 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  HttpResponse second = client.read_response();
  EXPECT_EQ(second.body, R"({"id":"10","name":"User 10"})");
  EXPECT_EQ(second.header("Connection"), "keep-alive");

  // Without the keep-alive token, this one is the last.
  client.send("GET /api/hello HTTP/1.0\r\n\r\n");
  EXPECT_EQ(client.read_response().header("Connection"), "close");
  expect_closed_quietly(client);
}

TEST_F(ConnectionIntegration, ConnectionCloseInHttp11ClosesAfterResponse) {
  RawClient client(port());
  // A request pipelined after the "Connection: close" one is never answered.
  client.send(get_request("/api/hello", "Connection: close\r\n") + get_request("/api/users/x"));
  HttpResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, hello_body);
  EXPECT_EQ(r.header("Connection"), "close");
  expect_closed_quietly(client);
}

TEST_F(ConnectionIntegration, ExpectContinueIsSentBeforeTheBody) {
  const std::string body = R"({"waited":"for 100 Continue"})";
  RawClient client(port());
  client.send(
      "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  // Not one byte of the body has been sent yet.
  HttpResponse interim = client.read_response();
  EXPECT_EQ(interim.status, 100);
  EXPECT_EQ(interim.reason, "Continue");
  EXPECT_EQ(interim.version, "HTTP/1.1");
  EXPECT_EQ(client.buffered(), "") << "the final response came before the body was sent";

  client.send(body);
  HttpResponse final_response = client.read_response();
  EXPECT_EQ(final_response.status, 200);
  EXPECT_EQ(final_response.body, body);
  EXPECT_FALSE(final_response.header("Connection").has_value());
}

TEST_F(ConnectionIntegration, NoContinueWhenBodyArrivesWithHead) {
  const std::string body = R"({"already":"here"})";
  RawClient client(port());
  client.send(post_request("/api/echo", body, "Expect: 100-continue\r\n"));
  HttpResponse r = client.read_response();
  EXPECT_EQ(r.status, 200) << "expected the final response, not an interim one";
  EXPECT_EQ(r.body, body);
  // And no late 100 Continue follows: the next response is the next request's.
  client.send(get_request("/api/hello"));
  HttpResponse next = client.read_response();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, hello_body);
  EXPECT_EQ(client.buffered(), "");
}

TEST_F(ConnectionIntegration, ChunkedUploadSplitAcrossSends) {
  const std::string doc = json_document(20 * 1024);
  // Chunks of assorted sizes, an extension, and a trailer field.
  std::string encoded;
  std::size_t sizes[] = {1, 7, 100, 4096, 13, 9000};
  std::size_t pos = 0;
  for (std::size_t i = 0; pos < doc.size(); ++i) {
    std::size_t n = std::min(sizes[i % std::size(sizes)], doc.size() - pos);
    encoded += hex(n) + (i == 2 ? ";ext=1" : "") + "\r\n" + doc.substr(pos, n) + "\r\n";
    pos += n;
  }
  encoded += "0\r\nX-Checksum: none\r\n\r\n";

  RawClient client(port());
  client.send(
      "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n");
  // Pieces that cut through size lines, CRLFs and data, with pauses between.
  std::size_t cuts[] = {1, 2, 3, 5, 9, 40, 1000, 5000, 12000};
  std::size_t sent = 0;
  for (std::size_t cut : cuts) {
    if (cut <= sent || cut >= encoded.size()) continue;
    client.send(encoded.substr(sent, cut - sent));
    sent = cut;
    std::this_thread::sleep_for(30ms);
  }
  // The last pieces: the final CRLF of the body arrives on its own.
  client.send(encoded.substr(sent, encoded.size() - sent - 2));
  std::this_thread::sleep_for(30ms);
  EXPECT_FALSE(client.wait_readable(0ms)) << "answered before the chunked body was complete";
  client.send("\r\n");

  HttpResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), doc.size());
  EXPECT_TRUE(r.body == doc) << "echoed body differs from the upload";
  // The connection stays usable after a chunked body.
  client.send(get_request("/api/hello"));
  EXPECT_EQ(client.read_response().body, hello_body);
}

TEST_F(ConnectionIntegration, HeadResponseCarriesNoBodyBytes) {
  RawClient client(port());
  // If the HEAD response carried a body, the GET response would not parse.
  client.send("HEAD /api/hello HTTP/1.1\r\nHost: localhost\r\n\r\n" + get_request("/api/hello"));
  HttpResponse head = client.read_response(/*head_request=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Length"), "33");
  HttpResponse get = client.read_response();
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.body, hello_body);
}

TEST_F(ConnectionIntegration, TwoHundredConcurrentConnections) {
  constexpr int connections = 200;
  constexpr int rounds = 3;
  constexpr int threads = 8;
  std::vector<RawClient> clients;
  clients.reserve(connections);
  for (int i = 0; i < connections; ++i) clients.emplace_back(port());  // all open at once

  std::atomic<int> answered{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int round = 0; round < rounds; ++round) {
        // Each thread sends on all its connections, then reads every answer.
        std::vector<std::string> expected(connections);
        for (int i = t; i < connections; i += threads) {
          const std::string id = std::to_string(i) + "-" + std::to_string(round);
          std::string request;
          switch (round % 3) {
            case 0:
              request = get_request("/api/users/" + id);
              expected[i] = R"({"id":")" + id + R"(","name":"User )" + id + R"("})";
              break;
            case 1:
              expected[i] = R"({"id":")" + id + R"("})";
              request = post_request("/api/echo", expected[i]);
              break;
            default:
              request = get_request("/api/slow?ms=20");
              expected[i] = R"({"slept":20})";
              break;
          }
          if (!clients[i].try_send(request)) {
            std::lock_guard lock(mutex);
            failures.push_back("send failed on connection " + id);
          }
        }
        for (int i = t; i < connections; i += threads) {
          try {
            HttpResponse r = clients[i].read_response();
            if (r.status == 200 && r.body == expected[i]) {
              ++answered;
              continue;
            }
            std::lock_guard lock(mutex);
            failures.push_back("connection " + std::to_string(i) + ": status " +
                               std::to_string(r.status) + " body " + r.body);
          } catch (const std::exception& e) {
            std::lock_guard lock(mutex);
            failures.push_back("connection " + std::to_string(i) + ": " + e.what());
          }
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  EXPECT_EQ(answered.load(), connections * rounds);
  for (std::size_t i = 0; i < failures.size() && i < 10; ++i) ADD_FAILURE() << failures[i];
}

class HandlerErrorIntegration : public ConnectionIntegration {};

TEST_F(HandlerErrorIntegration, ThrowingHandlerGets500AndConnectionKeepsServing) {
  RawClient client(port());
  client.send(get_request("/api/throw"));
  HttpResponse r = client.read_response();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.body, R"({"error":"Internal Server Error"})");
  EXPECT_FALSE(r.header("Connection").has_value())
      << "a handler error need not cost the connection";

  client.send(get_request("/api/hello"));
  HttpResponse after = client.read_response();
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body, hello_body);

  // Pipelined around a throwing handler, order and framing hold too.
  client.send(get_request("/api/users/a") + get_request("/api/throw") +
              get_request("/api/users/b"));
  EXPECT_EQ(client.read_response().body, R"({"id":"a","name":"User a"})");
  EXPECT_EQ(client.read_response().status, 500);
  EXPECT_EQ(client.read_response().body, R"({"id":"b","name":"User b"})");
}

TEST_F(HandlerErrorIntegration, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  RawClient client(port());
  client.send(get_request("/api/nothing-here"));
  HttpResponse missing = client.read_response();
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"error":"Not Found"})");

  client.send("DELETE /api/hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
  HttpResponse wrong = client.read_response();
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("Allow"), "GET, HEAD");
  EXPECT_EQ(wrong.body, R"({"error":"Method Not Allowed"})");

  client.send(get_request("/api/echo"));
  HttpResponse get_echo = client.read_response();
  EXPECT_EQ(get_echo.status, 405);
  EXPECT_EQ(get_echo.header("Allow"), "POST");
}

}  // namespace
}  // namespace spur::integration
