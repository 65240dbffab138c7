// The compression built-in as a middleware in the chain: small bodies are
// compressed on the event loop, large ones on the offload pool (the loop stays
// free for the worker's other requests), bodies above `max_bytes` go as they
// are, and a failure after next() reaches the error boundary like any other.
#include <gtest/gtest.h>
#include <zlib.h>

#include <coroutine>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "spur/builtins/builtins.hpp"
#include "spur/core/async.hpp"
#include "spur/core/next.hpp"
#include "spur/core/response.hpp"
#include "spur/core/sleep.hpp"
#include "test_request.hpp"

namespace spur {
namespace {

// An event loop the test turns by hand; offloaded jobs wait until the test
// runs them, each on a thread of its own as the pool would.
class ManualScheduler final : public detail::Scheduler {
 public:
  ManualScheduler() { detail::set_current_scheduler(this); }
  ~ManualScheduler() { detail::set_current_scheduler(nullptr); }
  ManualScheduler(const ManualScheduler&) = delete;
  ManualScheduler& operator=(const ManualScheduler&) = delete;

  void resume_after(std::chrono::nanoseconds, std::coroutine_handle<> h) override {
    post([h] { h.resume(); });
  }
  void post(std::function<void()> f) override { posted_.push_back(std::move(f)); }
  bool offload(std::function<void()> job) override {
    offloaded_.push_back(std::move(job));
    return true;
  }

  std::size_t offloaded() const { return offloaded_.size(); }
  std::thread::id job_thread() const { return job_thread_; }

  // Runs the offloaded jobs (each joined before the next), then what they posted.
  void run() {
    for (std::function<void()>& job : std::exchange(offloaded_, {}))
      std::thread([&] {
        job_thread_ = std::this_thread::get_id();
        job();
      }).join();
    while (!posted_.empty())
      for (std::function<void()>& f : std::exchange(posted_, {})) f();
  }

 private:
  std::vector<std::function<void()>> posted_;
  std::vector<std::function<void()>> offloaded_;
  std::thread::id job_thread_;
};

std::string gunzip(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    char chunk[16384];
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - zs.avail_out);
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("not a complete gzip stream");
  return out;
}

// `bytes` of compressible JSON text.
std::string json_of_size(std::size_t bytes) {
  std::string text = "[";
  while (text.size() + 16 < bytes) text += "\"a repeated row\",";
  text += "0]";
  return text;
}

// Runs the compression middleware over a route answering `body`, for a
// client that accepts gzip, turning `loop` until the answer is there.
struct Compressed {
  std::optional<detail::Outcome<Response>> outcome;
  bool finished_at_once = false;
  std::size_t offloaded = 0;
};
Compressed compress_through_middleware(ManualScheduler& loop, const Compression& options,
                                       std::string body, bool route_throws = false) {
  test::TestRequest request("/", {"Accept-Encoding: gzip"});
  Middleware compression = builtins::compression(options);
  auto route = [&]() -> Async<Response> {
    if (route_throws) throw std::runtime_error("route failed");
    co_return Response::json_text(body);
  };
  Compressed run;
  detail::spawn(
      compression(request.get(), detail::NextAccess::to(route)),
      [&loop](std::function<void()> f) { loop.post(std::move(f)); },
      [&run](detail::Outcome<Response> o) { run.outcome.emplace(std::move(o)); });
  run.finished_at_once = run.outcome.has_value();
  run.offloaded = loop.offloaded();
  loop.run();
  return run;
}

TEST(CompressionMiddleware, SmallBodyIsCompressedOnTheEventLoop) {
  ManualScheduler loop;
  const std::string body = json_of_size(8 * 1024);
  Compressed run = compress_through_middleware(loop, Compression{}, body);
  EXPECT_TRUE(run.finished_at_once);
  EXPECT_EQ(run.offloaded, 0u);
  Response res = run.outcome->get();
  EXPECT_EQ(res.header("Content-Encoding"), "gzip");
  EXPECT_EQ(gunzip(res.body()), body);
}

TEST(CompressionMiddleware, LargeBodyIsCompressedOffTheEventLoop) {
  ManualScheduler loop;
  const std::string body = json_of_size(512 * 1024);
  Compressed run = compress_through_middleware(loop, Compression{}, body);
  EXPECT_FALSE(run.finished_at_once);  // waited for the pool
  EXPECT_EQ(run.offloaded, 1u);
  EXPECT_NE(loop.job_thread(), std::this_thread::get_id());
  ASSERT_TRUE(run.outcome.has_value());
  Response res = run.outcome->get();
  EXPECT_EQ(res.header("Content-Encoding"), "gzip");
  EXPECT_LT(res.body().size(), body.size() / 10);
  EXPECT_EQ(gunzip(res.body()), body);
}

TEST(CompressionMiddleware, TheOffloadThresholdIsAnOption) {
  ManualScheduler loop;
  Compressed run =
      compress_through_middleware(loop, Compression{.offload_above = 1024}, json_of_size(4 * 1024));
  EXPECT_EQ(run.offloaded, 1u);
  EXPECT_EQ(run.outcome->get().header("Content-Encoding"), "gzip");
}

TEST(CompressionMiddleware, BodyAboveTheMaximumGoesAsItIs) {
  ManualScheduler loop;
  const std::string body = json_of_size(300 * 1024);
  Compressed run = compress_through_middleware(loop, Compression{.max_bytes = 256 * 1024}, body);
  EXPECT_TRUE(run.finished_at_once);
  EXPECT_EQ(run.offloaded, 0u);
  Response res = run.outcome->get();
  EXPECT_FALSE(res.header("Content-Encoding").has_value());
  EXPECT_EQ(res.header("Vary"), "Accept-Encoding");  // a smaller body at this URL would be
  EXPECT_EQ(res.body(), body);
}

TEST(CompressionMiddleware, DefaultMaximumIsEightMebibytes) {
  EXPECT_EQ(Compression{}.max_bytes, 8u * 1024 * 1024);
  EXPECT_EQ(Compression{}.offload_above, 64u * 1024);
}

TEST(CompressionMiddleware, AFailureInsideComesOutForTheErrorBoundary) {
  ManualScheduler loop;
  Compressed run = compress_through_middleware(loop, Compression{}, "", /*route_throws=*/true);
  ASSERT_TRUE(run.outcome.has_value());
  EXPECT_THROW((void)run.outcome->get(), std::runtime_error);
}

}  // namespace
}  // namespace spur
