#pragma once
// Streamed response bodies: a coroutine writes the body piece by piece while
// the client receives it (chunked on HTTP/1.1), e.g.
//   Response GET() {
//     return Response::stream([](StreamWriter& out) -> Async<void> {
//       for (int i = 1; i <= 3; ++i) {
//         if (!co_await out.write("tick " + std::to_string(i) + "\n")) co_return;  // client gone
//         if (!co_await out.sleep(std::chrono::seconds(1))) co_return;
//       }
//     }, "text/plain; charset=utf-8");
//   }
// `co_await out.write(…)` suspends while the client is behind (more than
// StreamWriter::high_water bytes unsent), so a slow reader holds the producer
// back instead of growing memory. Both awaits answer false as soon as the
// client has gone, and out.sleep() wakes at once then, so the producer ends
// promptly. The producer outlives the handler: capture by value what it needs
// (the Request stays valid until the stream ends).
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "spur/core/async.hpp"

namespace spur {

namespace detail {
// Where a streamed body goes: the connection, or the in-process test client.
class StreamSink {
 public:
  using clock = std::chrono::steady_clock;
  // Queues a piece of the body (nothing once closed).
  virtual void send(std::string_view bytes) = 0;
  virtual bool closed() const noexcept = 0;
  // Bytes queued and not yet taken by the client.
  virtual std::size_t unsent() const noexcept = 0;
  // Resumes `h` on this thread once the client has caught up (when
  // `until_drained`), the deadline has passed (when set), or the client has
  // gone — whichever comes first. One parked coroutine at a time.
  virtual void park(std::coroutine_handle<> h, bool until_drained,
                    std::optional<clock::time_point> deadline) = 0;
  // Thread-safe: wakes a producer parked without `until_drained` (something
  // it waits for happened, e.g. a Room message), on the sink's own thread.
  virtual void notify() = 0;

 protected:
  ~StreamSink() = default;
};
class StreamSink;
}  // namespace detail

class StreamWriter;
namespace detail {
StreamSink& sink_of(StreamWriter& writer) noexcept;
}  // namespace detail

class StreamWriter final {
 public:
  // Above this many unsent bytes a write suspends until the client caught up.
  static constexpr std::size_t high_water = 64 * 1024;

  explicit StreamWriter(detail::StreamSink& sink) noexcept : sink_(&sink) {}

  class [[nodiscard]] Awaiter {
   public:
    Awaiter(detail::StreamSink* sink, bool until_drained,
            std::optional<detail::StreamSink::clock::time_point> deadline) noexcept
        : sink_(sink), until_drained_(until_drained), deadline_(deadline) {}
    bool await_ready() const noexcept {
      if (sink_->closed()) return true;
      return until_drained_ ? sink_->unsent() <= high_water : false;
    }
    void await_suspend(std::coroutine_handle<> h) { sink_->park(h, until_drained_, deadline_); }
    // True while the client is connected.
    bool await_resume() const noexcept { return !sink_->closed(); }

   private:
    detail::StreamSink* sink_;
    bool until_drained_;
    std::optional<detail::StreamSink::clock::time_point> deadline_;
  };

  // Sends `bytes` now (whether or not the result is awaited); awaiting it
  // waits while the client is behind. False once the client has gone.
  Awaiter write(std::string_view bytes) {
    if (!bytes.empty()) sink_->send(bytes);
    return Awaiter(sink_, true, std::nullopt);
  }
  // Waits `d`, or less if the client goes first; false then.
  template <typename Rep, typename Period>
  Awaiter sleep(std::chrono::duration<Rep, Period> d) {
    return Awaiter(sink_, false,
                   detail::StreamSink::clock::now() +
                       std::chrono::duration_cast<detail::StreamSink::clock::duration>(d));
  }
  bool closed() const noexcept { return sink_->closed(); }

 private:
  friend detail::StreamSink& detail::sink_of(StreamWriter& writer) noexcept;
  detail::StreamSink* sink_;
};

inline detail::StreamSink& detail::sink_of(StreamWriter& writer) noexcept { return *writer.sink_; }

// The producer of a streamed body. The server keeps it alive until the
// stream ends, so a lambda's captures stay valid while its coroutine runs.
using StreamBody = std::function<Async<void>(StreamWriter&)>;

}  // namespace spur
