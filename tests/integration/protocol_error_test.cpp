// Requests the server must refuse: each gets its status and a JSON error body
// with Connection: close, and then that connection is closed, while other
// connections to the same server carry on.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "support/assertions.hpp"
#include "support/raw_client.hpp"
#include "support/requests.hpp"
#include "support/server_process.hpp"

namespace spur::integration {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t max_body = 1024;

class ProtocolErrorIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.emplace(
        std::vector<std::string>{"--workers", "2", "--max-body-bytes", std::to_string(max_body)});
  }
  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(stops_cleanly(*server_));
    }
  }
  std::uint16_t port() const { return server_->port(); }

  // Sends `request` on a fresh connection and checks the error answer and the
  // close that must follow it.
  static void expect_error(RawClient& client, int status, const std::string& message) {
    HttpResponse r = client.read_response();
    EXPECT_EQ(r.status, status);
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_EQ(r.header("Connection"), "close");
    EXPECT_EQ(r.body, R"({"error":")" + message + R"("})");
    auto end = client.read_until_close(10s);
    EXPECT_TRUE(end.closed) << "the connection stayed open after a " << status;
    EXPECT_EQ(end.bytes, "");
  }
  void expect_error(const std::string& request, int status, const std::string& message) {
    RawClient client(port());
    client.send(request);
    expect_error(client, status, message);
  }

  std::optional<ServerProcess> server_;
};

TEST_F(ProtocolErrorIntegration, MalformedRequestIs400AndOnlyThatConnectionCloses) {
  RawClient good(port());
  good.send(get_request("/api/hello"));
  EXPECT_EQ(good.read_response().status, 200);

  // Content-Length together with Transfer-Encoding: a request smuggling shape.
  RawClient bad(port());
  bad.send(
      "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n"
      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  expect_error(bad, 400, "Content-Length together with Transfer-Encoding");

  // The other connection, open all along, is unaffected.
  good.send(get_request("/api/users/7"));
  HttpResponse r = good.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"id":"7","name":"User 7"})");
  EXPECT_FALSE(r.header("Connection").has_value());
  RawClient fresh(port());
  fresh.send(get_request("/api/hello"));
  EXPECT_EQ(fresh.read_response().body, hello_body);
}

TEST_F(ProtocolErrorIntegration, DeclaredBodyOverLimitIs413BeforeAnyBodyByte) {
  RawClient client(port());
  // Only the head: the answer must come without the body ever being sent.
  client.send(
      "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(max_body + 1) + "\r\n\r\n");
  expect_error(client, 413, "Request body too large");
}

TEST_F(ProtocolErrorIntegration, BodyAtTheLimitIsAccepted) {
  std::string body = R"({"pad":")";
  body += std::string(max_body - body.size() - 2, 'x');
  body += R"("})";
  ASSERT_EQ(body.size(), max_body);
  RawClient client(port());
  client.send(post_request("/api/echo", body));
  HttpResponse r = client.read_response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, body);
}

TEST_F(ProtocolErrorIntegration, OversizedBodyWithExpectContinueGets413NotContinue) {
  RawClient client(port());
  client.send(
      "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
      "Content-Length: 1000000\r\n\r\n");
  expect_error(client, 413, "Request body too large");
}

TEST_F(ProtocolErrorIntegration, ChunkedBodyOverLimitIs413) {
  RawClient client(port());
  client.send("POST /api/echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" +
              hex(max_body + 1) + "\r\n");
  expect_error(client, 413, "Request body too large");
}

TEST_F(ProtocolErrorIntegration, TargetOver8KiBIs414) {
  // Just under the limit the request is routed normally (a 404 here).
  RawClient under(port());
  under.send(get_request("/x/" + std::string(8 * 1024 - 3, 'a')));
  EXPECT_EQ(under.read_response().status, 404);

  expect_error(get_request("/api/" + std::string(8 * 1024, 'a')), 414, "Request target too long");
}

TEST_F(ProtocolErrorIntegration, HeaderSectionOver16KiBIs431) {
  auto padding = [](std::size_t fields) {
    std::string s;
    for (std::size_t i = 0; i < fields; ++i)
      s += "X-Pad-" + std::to_string(i) + ": " + std::string(900, 'p') + "\r\n";
    return s;
  };
  // 14 fields (~12.7 KiB) are fine; 20 (~18 KiB) are not.
  RawClient under(port());
  under.send(get_request("/api/hello", padding(14)));
  EXPECT_EQ(under.read_response().status, 200);

  expect_error(get_request("/api/hello", padding(20)), 431, "Request header section too large");
}

TEST_F(ProtocolErrorIntegration, Http2RequestLineIs505) {
  expect_error("GET /api/hello HTTP/2.0\r\nHost: localhost\r\n\r\n", 505,
               "HTTP version not supported");
}

TEST_F(ProtocolErrorIntegration, GzipThenChunkedTransferEncodingIs501) {
  expect_error(
      "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
      "0\r\n\r\n",
      501, "Transfer coding not implemented");
}

TEST_F(ProtocolErrorIntegration, MissingHostInHttp11Is400) {
  expect_error("GET /api/hello HTTP/1.1\r\n\r\n", 400, "Missing Host header field");
}

TEST_F(ProtocolErrorIntegration, ErrorAfterPipelinedGoodRequestsKeepsEarlierAnswers) {
  RawClient client(port());
  client.send(get_request("/api/users/1") + get_request("/api/hello") +
              "GET /api/hello HTTP/1.1\r\nHost: localhost\r\nBad Name: x\r\n\r\n" +
              get_request("/api/users/never"));
  EXPECT_EQ(client.read_response().body, R"({"id":"1","name":"User 1"})");
  EXPECT_EQ(client.read_response().body, hello_body);
  expect_error(client, 400, "Whitespace between header field name and colon");
}

// Methods are case-sensitive tokens; one that no registry knows (IANA's, as
// Node's parser uses) is refused before any handler sees it.
TEST_F(ProtocolErrorIntegration, MethodNoRegistryKnowsIs501) {
  for (const char* method : {"get", "FOO", "GeT", "BREW"})
    expect_error(std::string(method) + " /api/hello HTTP/1.1\r\nHost: localhost\r\n\r\n", 501,
                 "Method not implemented");
}

TEST_F(ProtocolErrorIntegration, RegisteredExtensionMethodReachesTheHandler) {
  for (const char* method : {"PURGE", "PROPFIND", "MKCOL"}) {
    RawClient client(port());
    client.send(std::string(method) + " /api/hello HTTP/1.1\r\nHost: localhost\r\n\r\n");
    HttpResponse r = client.read_response();
    EXPECT_EQ(r.status, 405) << method;  // the handler's own answer
    EXPECT_EQ(r.header("Allow"), "GET, HEAD") << method;
  }
}

// A TLS client speaking to the plain-HTTP port: its first bytes cannot begin
// a request line, so it is answered at once rather than after the header
// timeout (10 s here) that a slow but plausible request line would get.
TEST_F(ProtocolErrorIntegration, TlsClientHelloIs400AtOnce) {
  RawClient client(port());
  client.send(std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11));
  ASSERT_TRUE(client.wait_readable(5000ms)) << "no answer before the header timeout";
  expect_error(client, 400, "Malformed request line");
}

}  // namespace
}  // namespace spur::integration
