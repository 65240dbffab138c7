// The example server as curl sees it: bodies, content types, HTTP/1.0, HEAD,
// chunked uploads, 100-continue, connection reuse and IPv6. curl is required:
// these tests fail (never skip) when it is missing.
#include "support/curl.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "support/assertions.hpp"
#include "support/http_response.hpp"
#include "support/raw_client.hpp"
#include "support/requests.hpp"
#include "support/server_process.hpp"

namespace spur::integration {
namespace {

// A file that is removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    std::string pattern = ::testing::TempDir() + "spur_curl_XXXXXX";
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    ::close(fd);
    path_ = pattern;
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempFile() { ::unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = haystack.find(needle); p != std::string::npos;
       p = haystack.find(needle, p + needle.size()))
    ++n;
  return n;
}

class CurlIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(curl_available()) << "curl is required for the integration tests; configured "
                                     "path: "
                                  << curl_path();
    server_.emplace(std::vector<std::string>{"--workers", "2"});
  }
  void TearDown() override {
    if (server_) {
      EXPECT_TRUE(stops_cleanly(*server_));
    }
  }

  // Runs curl with -i and returns its responses (interim ones first).
  std::vector<HttpResponse> curl_responses(std::vector<std::string> args, bool head_request = false,
                                           CurlResult* out = nullptr) {
    args.insert(args.begin(), {"--silent", "--show-error", "--include"});
    CurlResult r = run_curl(args);
    EXPECT_EQ(r.exit_code, 0) << "stderr: " << r.err;
    auto responses = parse_all_responses(r.out, head_request);
    EXPECT_FALSE(responses.empty()) << "curl output is not HTTP: " << r.out;
    if (out) *out = std::move(r);
    return responses;
  }

  std::optional<ServerProcess> server_;
};

TEST_F(CurlIntegration, GetHelloHasExactBodyAndContentType) {
  auto responses = curl_responses({server_->url("/api/hello")});
  ASSERT_EQ(responses.size(), 1u);
  const HttpResponse& r = responses[0];
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("Content-Length"), "33");
  EXPECT_EQ(r.body, hello_body);
  EXPECT_TRUE(r.header("Date").has_value());
}

TEST_F(CurlIntegration, PostEchoReturnsTheJsonBody) {
  const std::string body = R"({"a":[1,2,{"b":null}],"c":"d","e":true,"f":-3})";
  auto responses = curl_responses(
      {"-H", "Content-Type: application/json", "--data-binary", body, server_->url("/api/echo")});
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(responses[0].header("Content-Type"), "application/json");
  EXPECT_EQ(responses[0].body, body);

  // Not JSON: the route's own 400.
  responses = curl_responses({"--data-binary", "{not json", server_->url("/api/echo")});
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].status, 400);
  EXPECT_EQ(responses[0].body, R"({"error":"Invalid JSON"})");
}

TEST_F(CurlIntegration, Http10RequestIsAnsweredAndClosed) {
  CurlResult raw;
  auto responses =
      curl_responses({"--verbose", "--http1.0", server_->url("/api/hello")}, false, &raw);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_NE(raw.err.find("> GET /api/hello HTTP/1.0"), std::string::npos) << raw.err;
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(responses[0].body, hello_body);
  // No keep-alive was asked for, so the server closes after the response.
  EXPECT_EQ(responses[0].header("Connection"), "close");
}

TEST_F(CurlIntegration, HeadHasContentLengthAndNoBody) {
  CurlResult raw;
  auto responses = curl_responses({"--verbose", "--head", server_->url("/api/hello")}, true, &raw);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(responses[0].header("Content-Length"), "33");
  EXPECT_EQ(responses[0].header("Content-Type"), "application/json");
  EXPECT_TRUE(responses[0].body.empty());
  // curl -I prints only the head: nothing after the blank line.
  ASSERT_GE(raw.out.size(), 4u);
  EXPECT_EQ(raw.out.substr(raw.out.size() - 4), "\r\n\r\n");
  // Body bytes after a HEAD response would be reported by curl as excess.
  EXPECT_EQ(raw.err.find("Excess found"), std::string::npos) << raw.err;
}

TEST_F(CurlIntegration, ChunkedUploadIsEchoed) {
  const std::string doc = json_document(100 * 1024);
  TempFile file(doc);
  CurlResult raw;
  auto responses = curl_responses(
      {"--verbose", "-H", "Content-Type: application/json", "-H", "Transfer-Encoding: chunked",
       "--data-binary", "@" + file.path(), server_->url("/api/echo")},
      false, &raw);
  ASSERT_FALSE(responses.empty());
  EXPECT_NE(raw.err.find("> Transfer-Encoding: chunked"), std::string::npos) << raw.err;
  EXPECT_EQ(raw.err.find("> Content-Length"), std::string::npos) << raw.err;
  const HttpResponse& r = responses.back();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Length"), std::to_string(doc.size()));
  EXPECT_EQ(r.body.size(), doc.size());
  EXPECT_TRUE(r.body == doc) << "echoed body differs from the upload";
}

TEST_F(CurlIntegration, ExpectContinueOnLargeBody) {
  const std::string doc = json_document(1024 * 1024);
  TempFile file(doc);
  CurlResult raw;
  auto responses = curl_responses(
      {"--verbose", "-H", "Content-Type: application/json", "-H", "Expect: 100-continue",
       "--data-binary", "@" + file.path(), server_->url("/api/echo")},
      false, &raw);
  EXPECT_NE(raw.err.find("> Expect: 100-continue"), std::string::npos) << raw.err;
  // The interim response came back, then the final one.
  EXPECT_NE(raw.err.find("< HTTP/1.1 100 Continue"), std::string::npos) << raw.err;
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0].status, 100);
  const HttpResponse& r = responses[1];
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), doc.size());
  EXPECT_TRUE(r.body == doc) << "echoed body differs from the upload";
}

TEST_F(CurlIntegration, KeepAliveConnectionIsReused) {
  CurlResult r = run_curl({"--silent", "--show-error", "--verbose", server_->url("/api/hello"),
                           server_->url("/api/users/42")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::string(hello_body) + R"({"id":"42","name":"User 42"})");
  EXPECT_NE(r.err.find("Re-using existing connection"), std::string::npos) << r.err;
  EXPECT_EQ(count(r.err, "Connected to"), 1u) << r.err;
  EXPECT_EQ(r.err.find("Connection: close"), std::string::npos) << r.err;
}

TEST(CurlIntegrationIpv6, ServesOnIpv6Loopback) {
  ASSERT_TRUE(curl_available()) << "curl is required; configured path: " << curl_path();
  if (!ipv6_loopback_available()) GTEST_SKIP() << "this machine has no IPv6 loopback (::1)";
  ServerProcess server({"--workers", "2", "--hostname", "::1"});
  const std::string base = "http://[::1]:" + std::to_string(server.port());
  EXPECT_EQ(server.announced_url(), base);

  CurlResult r =
      run_curl({"--silent", "--show-error", "--globoff", "--include", base + "/api/hello"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto responses = parse_all_responses(r.out);
  ASSERT_EQ(responses.size(), 1u) << r.out;
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(responses[0].body, hello_body);

  // And over a raw IPv6 socket, two requests on one connection.
  RawClient client(server.port(), Family::ipv6);
  client.send(get_request("/api/users/v6"));
  HttpResponse first = client.read_response();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, R"({"id":"v6","name":"User v6"})");
  client.send(get_request("/api/hello"));
  EXPECT_EQ(client.read_response().body, hello_body);
  EXPECT_TRUE(stops_cleanly(server));
}

}  // namespace
}  // namespace spur::integration
