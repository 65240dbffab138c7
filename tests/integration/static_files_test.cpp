// Static files of a real app (tests/fixtures/static-app, built with
// spur_add_app) over loopback: content types, validators and 304s, ranges and
// 416, HEAD, 405, a route beside public files, traversal attempts sent as raw
// request targets (curl would normalise them), symlinks leaving the folder
// (--public-dir), files arriving byte-exact through sendfile(2) to fast, slow
// and pipelining clients, and the file descriptor closed when the connection
// dies or its write times out.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/app_process.hpp"
#include "support/curl.hpp"
#include "support/http_response.hpp"
#include "support/raw_client.hpp"
#include "support/requests.hpp"

namespace spur::integration {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path fixture_root = SPUR_STATIC_FIXTURE_ROOT;
const fs::path public_root = fixture_root / "public";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Descriptors of `pid` that are open on `file`.
int open_count(pid_t pid, const fs::path& file) {
  const fs::path target = fs::canonical(file);
  int n = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    std::error_code link_ec;
    if (fs::read_symlink(entry.path(), link_ec) == target) ++n;
  }
  return n;
}

// Polls `f` until it returns true or `timeout` passes.
template <typename F>
bool eventually(F f, std::chrono::milliseconds timeout = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!f()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// A loopback connection with a tiny receive buffer, so the server's socket
// buffer fills and sendfile(2) has to wait for the client to read.
int small_window_connection(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  const int size = 4096;
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  return fd;
}

void send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

class StaticFilesIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(curl_available()) << "curl is required for the integration tests";
    app_.emplace(SPUR_STATIC_FIXTURE_PATH);
  }
  void TearDown() override {
    if (app_) {
      EXPECT_EQ(app_->stop(), "");
    }
  }

  // curl -s -i with `args`, parsed; exactly one response expected.
  HttpResponse curl(const std::string& path, std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"-s", "-i"});
    args.push_back(app_->url(path));
    CurlResult r = run_curl(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const bool head = std::find(args.begin(), args.end(), "-I") != args.end();
    std::vector<HttpResponse> all = parse_all_responses(r.out, head);
    if (all.size() != 1) {
      ADD_FAILURE() << "expected one response from curl, got: " << r.out.substr(0, 500);
      return {};
    }
    return all.front();
  }

  // One raw request on a fresh connection.
  HttpResponse raw(std::string_view request, bool head = false) {
    RawClient c(app_->port());
    c.send(request);
    return c.read_response(head);
  }

  std::optional<AppProcess> app_;
};

TEST_F(StaticFilesIntegration, ContentTypesByExtension) {
  const std::pair<const char*, const char*> cases[] = {
      {"/hello.txt", "text/plain; charset=utf-8"},
      {"/page.html", "text/html; charset=utf-8"},
      {"/style.css", "text/css; charset=utf-8"},
      {"/app.js", "text/javascript; charset=utf-8"},
      {"/data.json", "application/json; charset=utf-8"},
      {"/logo.svg", "image/svg+xml"},
      {"/docs/a.txt", "text/plain; charset=utf-8"},
      {"/big.bin", "application/octet-stream"},
  };
  for (const auto& [path, type] : cases) {
    HttpResponse r = curl(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.header("content-type"), type) << path;
    EXPECT_EQ(r.body, read_file(public_root / fs::path(path).relative_path())) << path;
  }
}

TEST_F(StaticFilesIntegration, CachingHeaders) {
  HttpResponse r = curl("/hello.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("cache-control"), "public, max-age=0");
  EXPECT_EQ(r.header("accept-ranges"), "bytes");
  ASSERT_TRUE(r.header("etag"));
  EXPECT_TRUE(r.header("etag")->starts_with('"')) << *r.header("etag");  // strong
  ASSERT_TRUE(r.header("last-modified"));
  EXPECT_EQ(r.header("content-length"), std::to_string(fs::file_size(public_root / "hello.txt")));
}

TEST_F(StaticFilesIntegration, EncodedNamesAndFolders) {
  EXPECT_EQ(curl("/with%20space.txt").body, "with a space\n");
  EXPECT_EQ(curl("/docs").status, 404);  // a folder: no listing
  EXPECT_EQ(curl("/missing.txt").status, 404);
  // The trailing-slash redirect of every path applies to files too.
  HttpResponse r = curl("/hello.txt/");
  EXPECT_EQ(r.status, 308);
  EXPECT_EQ(r.header("location"), "/hello.txt");
}

TEST_F(StaticFilesIntegration, NotModified) {
  const HttpResponse first = curl("/hello.txt");
  const std::string etag = first.header("etag").value_or("");
  const std::string last_modified = first.header("last-modified").value_or("");

  HttpResponse r = curl("/hello.txt", {"-H", "If-None-Match: " + etag});
  EXPECT_EQ(r.status, 304);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.header("etag"), etag);
  EXPECT_EQ(r.header("cache-control"), "public, max-age=0");

  EXPECT_EQ(curl("/hello.txt", {"-H", "If-None-Match: \"other\", W/" + etag}).status, 304);
  EXPECT_EQ(curl("/hello.txt", {"-H", "If-None-Match: *"}).status, 304);
  EXPECT_EQ(curl("/hello.txt", {"-H", "If-Modified-Since: " + last_modified}).status, 304);
  EXPECT_EQ(curl("/hello.txt", {"-I", "-H", "If-None-Match: " + etag}).status, 304);
  // If-None-Match takes precedence: a miss is a 200 whatever the date says.
  r = curl("/hello.txt",
           {"-H", "If-None-Match: \"other\"", "-H", "If-Modified-Since: " + last_modified});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello from public\n");
  EXPECT_EQ(curl("/hello.txt", {"-H", "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT"}).status,
            200);
}

TEST_F(StaticFilesIntegration, Ranges) {
  const std::string big = read_file(public_root / "big.bin");
  const std::string size = std::to_string(big.size());

  HttpResponse r = curl("/big.bin", {"-r", "0-99"});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.header("content-range"), "bytes 0-99/" + size);
  EXPECT_EQ(r.header("content-length"), "100");
  EXPECT_EQ(r.body, big.substr(0, 100));

  r = curl("/big.bin", {"-r", "100000-"});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.header("content-range"),
            "bytes 100000-" + std::to_string(big.size() - 1) + "/" + size);
  EXPECT_EQ(r.body, big.substr(100000));

  r = curl("/big.bin", {"-r", "-1000"});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, big.substr(big.size() - 1000));

  r = curl("/big.bin", {"-r", size + "-"});
  EXPECT_EQ(r.status, 416);
  EXPECT_EQ(r.header("content-range"), "bytes */" + size);
  EXPECT_EQ(r.body, "");

  // Several ranges: the whole file, 200.
  r = curl("/hello.txt", {"-r", "0-1,4-5"});
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.header("content-range"));
  EXPECT_EQ(r.body, "hello from public\n");
}

TEST_F(StaticFilesIntegration, IfRange) {
  const std::string etag = curl("/hello.txt").header("etag").value_or("");
  HttpResponse r = curl("/hello.txt", {"-r", "0-4", "-H", "If-Range: " + etag});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, "hello");
  r = curl("/hello.txt", {"-r", "0-4", "-H", "If-Range: \"changed\""});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello from public\n");
}

TEST_F(StaticFilesIntegration, HeadHasNoBody) {
  RawClient c(app_->port());
  c.send("HEAD /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
  HttpResponse head = c.read_response(/*head_request=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), std::to_string(fs::file_size(public_root / "big.bin")));
  EXPECT_EQ(head.header("content-type"), "application/octet-stream");
  // Not one body byte follows: the next answer on the connection parses.
  c.send(get_request("/hello.txt"));
  HttpResponse next = c.read_response();
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, "hello from public\n");
}

TEST_F(StaticFilesIntegration, OtherMethodsAre405) {
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    HttpResponse r = curl("/hello.txt", {"-X", method});
    EXPECT_EQ(r.status, 405) << method;
    EXPECT_EQ(r.header("allow"), "GET, HEAD") << method;
  }
  EXPECT_EQ(curl("/missing.txt", {"-X", "POST"}).status, 404);
}

TEST_F(StaticFilesIntegration, RoutesAndPublicFilesSideBySide) {
  // public/api/ping exists, but the route app/api/ping/route.cpp wins.
  HttpResponse r = curl("/api/ping");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.body, R"({"pong":true})");
  // A public file under /api with no route of its own is served.
  r = curl("/api/notes.txt");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "a public file under /api\n");
}

TEST_F(StaticFilesIntegration, TraversalAttemptsNeverLeavePublic) {
  struct Attempt {
    const char* target;
    int status;
  };
  const Attempt attempts[] = {
      {"/../secret.txt", 404},  // resolved at the root: /secret.txt
      {"/../../../../etc/passwd", 404},
      {"/docs/../../secret.txt", 404},
      {"/%2e%2e/secret.txt", 404},
      {"/%2E%2E/%2E%2E/secret.txt", 404},
      {"/.%2e/secret.txt", 404},
      {"/%2e%2e%2fsecret.txt", 404},  // encoded slash: one segment
      {"/docs/..%2F..%2Fsecret.txt", 404},
      {"/%2F..%2Fsecret.txt", 404},
      {"/docs%2Fa.txt", 404},  // exists as docs/a.txt, but not by %2F
      {"/..\\secret.txt", 404},
      {"/docs\\..\\..\\secret.txt", 404},
      {"/..%5Csecret.txt", 404},
      {"/%5C..%5C..%5Csecret.txt", 404},
      {"/hello.txt%00", 404},
      {"/hello.txt%00.png", 404},
      {"/%252e%252e/secret.txt", 404},  // decoded once only
      {"/.env", 404},
      {"/%2eenv", 404},
      {"/docs/%2e%2e/.env", 404},
      {"/%C0%AE%C0%AE/secret.txt", 404},        // overlong UTF-8 dots
      {"http://localhost/../secret.txt", 404},  // absolute-form
      {"//secret.txt", 308},                    // redirected to /secret.txt, then 404
      {"/hello.txt%", 400},
  };
  for (const Attempt& a : attempts) {
    HttpResponse r = raw(get_request(a.target));
    EXPECT_EQ(r.status, a.status) << a.target;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << a.target;
  }
}

TEST_F(StaticFilesIntegration, LargeFileArrivesByteExact) {
  const std::string big = read_file(public_root / "big.bin");
  ASSERT_GT(big.size(), 300u * 1024);
  CurlResult r = run_curl({"-s", "--fail", app_->url("/big.bin")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.size(), big.size());
  EXPECT_TRUE(r.out == big) << "the bytes differ";

  RawClient c(app_->port());
  for (int i = 0; i < 3; ++i) {  // kept alive, again and again
    c.send(get_request("/big.bin"));
    HttpResponse h = c.read_response();
    EXPECT_EQ(h.status, 200);
    EXPECT_TRUE(h.body == big) << "round " << i;
  }
}

TEST_F(StaticFilesIntegration, PipelinedRequestsAfterAFileAnswerInOrder) {
  const std::string big = read_file(public_root / "big.bin");
  RawClient c(app_->port());
  c.send(get_request("/big.bin") + get_request("/api/ping") +
         "HEAD /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n" +
         get_request("/big.bin", "Range: bytes=10-19\r\n") + get_request("/hello.txt"));
  HttpResponse first = c.read_response();
  EXPECT_EQ(first.status, 200);
  EXPECT_TRUE(first.body == big);
  HttpResponse second = c.read_response();
  EXPECT_EQ(second.body, R"({"pong":true})");
  HttpResponse third = c.read_response(/*head_request=*/true);
  EXPECT_EQ(third.status, 200);
  EXPECT_EQ(third.header("content-length"), "18");
  HttpResponse fourth = c.read_response();
  EXPECT_EQ(fourth.status, 206);
  EXPECT_EQ(fourth.body, big.substr(10, 10));
  HttpResponse fifth = c.read_response();
  EXPECT_EQ(fifth.body, "hello from public\n");
}

// A temporary folder holding a public/ folder, removed at the end.
class TempRoot {
 public:
  TempRoot() {
    std::string templ = (fs::temp_directory_path() / "spur-public-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
    fs::create_directories(path_ / "public");
  }
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Files larger than any socket buffer (tcp_wmem allows up to 4 MiB), so that
// sendfile(2) must wait for the client, served through --public-dir.
class LargeFiles : public ::testing::Test {
 protected:
  static constexpr std::size_t large_size = 8 * 1024 * 1024 + 123;
  static constexpr std::uint64_t sparse_size = 256ull * 1024 * 1024;

  void SetUp() override {
    large_.resize(large_size);
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (char& c : large_) {  // xorshift: bytes no compressor or cache could fake
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      c = static_cast<char>(x >> 56);
    }
    std::ofstream(root_.path() / "public" / "large.bin", std::ios::binary) << large_;
    // Sparse: no disk space, as long as a client that never reads could want.
    std::ofstream(sparse()).close();
    fs::resize_file(sparse(), sparse_size);
    app_.emplace(SPUR_STATIC_FIXTURE_PATH,
                 std::vector<std::string>{"--public-dir", (root_.path() / "public").string(),
                                          "--write-timeout-ms", "1000"});
  }
  void TearDown() override {
    if (app_) {
      EXPECT_EQ(app_->stop(), "");
    }
  }
  fs::path sparse() const { return root_.path() / "public" / "sparse.bin"; }

  TempRoot root_;
  std::string large_;
  std::optional<AppProcess> app_;
};

TEST_F(LargeFiles, FastReaderGetsEveryByte) {
  CurlResult r = run_curl({"-s", "--fail", app_->url("/large.bin")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.size(), large_.size());
  EXPECT_TRUE(r.out == large_) << "the bytes differ";

  r = run_curl({"-s", "--fail", "-r", "3000000-6000000", app_->url("/large.bin")});
  EXPECT_TRUE(r.out == large_.substr(3000000, 3000001)) << "the range differs";
}

TEST_F(LargeFiles, SlowReaderGetsEveryByte) {
  const int fd = small_window_connection(app_->port());
  send_all(fd, get_request("/large.bin", "Connection: close\r\n"));
  std::this_thread::sleep_for(300ms);  // the server's socket buffer fills meanwhile
  std::string received;
  char buf[16 * 1024];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    received.append(buf, static_cast<std::size_t>(n));
    if (received.size() % (1024 * 1024) < sizeof buf) std::this_thread::sleep_for(20ms);
  }
  ::close(fd);
  ParsedResponse p = parse_response(received, false, true);
  ASSERT_EQ(p.outcome, ParseOutcome::complete) << p.error;
  EXPECT_EQ(p.response.status, 200);
  EXPECT_TRUE(p.response.body == large_) << "received " << p.response.body.size() << " body bytes";
}

TEST_F(LargeFiles, FileIsClosedWhenTheClientGoesAway) {
  const int fd = small_window_connection(app_->port());
  send_all(fd, get_request("/sparse.bin"));
  // The transfer stalls on the client's full window, holding the file open.
  EXPECT_TRUE(eventually([&] { return open_count(app_->pid(), sparse()) == 1; }));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(open_count(app_->pid(), sparse()), 1);
  ::close(fd);  // with unread bytes: a reset
  EXPECT_TRUE(eventually([&] { return open_count(app_->pid(), sparse()) == 0; }));
  RawClient c(app_->port());  // and the server carries on
  c.send(get_request("/api/ping"));
  EXPECT_EQ(c.read_response().status, 200);
}

TEST_F(LargeFiles, FileIsClosedWhenTheWriteTimesOut) {
  const int fd = small_window_connection(app_->port());
  send_all(fd, get_request("/sparse.bin"));
  EXPECT_TRUE(eventually([&] { return open_count(app_->pid(), sparse()) == 1; }));
  // The client never reads: after --write-timeout-ms the connection is closed,
  // and the file with it.
  const auto stalled = std::chrono::steady_clock::now();
  EXPECT_TRUE(eventually([&] { return open_count(app_->pid(), sparse()) == 0; }));
  EXPECT_GE(std::chrono::steady_clock::now() - stalled, 500ms);
  std::string received;
  char buf[64 * 1024];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0)
    received.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  EXPECT_LT(received.size(), sparse_size);  // cut off, not completed
}

// --public-dir points the app at another folder; symlinks that leave it are refused.
class PublicDirFlag : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = temp_.path();
    fs::create_directories(root_ / "public" / "real");
    fs::create_directories(root_ / "outside");
    std::ofstream(root_ / "secret.txt") << "SECRET-OUTSIDE";
    std::ofstream(root_ / "outside" / "b.txt") << "SECRET-OUTSIDE-B";
    std::ofstream(root_ / "public" / "real" / "a.txt") << "inside";
    std::ofstream(root_ / "public" / ".hidden") << "SECRET-HIDDEN";
    fs::create_symlink("real/a.txt", root_ / "public" / "alias.txt");
    fs::create_directory_symlink("real", root_ / "public" / "linked");
    fs::create_symlink("../secret.txt", root_ / "public" / "escape.txt");
    fs::create_symlink(root_ / "secret.txt", root_ / "public" / "absolute-escape.txt");
    fs::create_directory_symlink("../outside", root_ / "public" / "out");
    fs::create_symlink("/etc/passwd", root_ / "public" / "passwd");
    fs::create_symlink(".hidden", root_ / "public" / "visible.txt");
    app_.emplace(SPUR_STATIC_FIXTURE_PATH,
                 std::vector<std::string>{"--public-dir", (root_ / "public").string()});
  }
  void TearDown() override {
    if (app_) {
      EXPECT_EQ(app_->stop(), "");
    }
  }
  TempRoot temp_;
  fs::path root_;
  std::optional<AppProcess> app_;
};

TEST_F(PublicDirFlag, ServesTheGivenFolder) {
  RawClient c(app_->port());
  c.send(get_request("/real/a.txt"));
  EXPECT_EQ(c.read_response().body, "inside");
  c.send(get_request("/hello.txt"));  // the fixture's own public/ is not served
  EXPECT_EQ(c.read_response().status, 404);
  c.send(get_request("/api/ping"));
  EXPECT_EQ(c.read_response().body, R"({"pong":true})");
}

TEST_F(PublicDirFlag, SymlinksInsideAreFollowed) {
  for (const char* target : {"/alias.txt", "/linked/a.txt"}) {
    RawClient c(app_->port());
    c.send(get_request(target));
    HttpResponse r = c.read_response();
    EXPECT_EQ(r.status, 200) << target;
    EXPECT_EQ(r.body, "inside") << target;
  }
}

TEST_F(PublicDirFlag, SymlinksLeavingTheFolderAreRefused) {
  for (const char* target : {"/escape.txt", "/absolute-escape.txt", "/out/b.txt", "/passwd",
                             "/visible.txt", "/.hidden"}) {
    RawClient c(app_->port());
    c.send(get_request(target));
    HttpResponse r = c.read_response();
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
  }
}

}  // namespace
}  // namespace spur::integration
