#include "spur/testing/client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <queue>
#include <stdexcept>

#include "spur/core/access.hpp"
#include "spur/core/sleep.hpp"
#include "spur/core/thread_pool.hpp"
#include "spur/http/header.hpp"
#include "spur/http/parser.hpp"
#include "spur/http/status.hpp"
#include "spur/text/ascii.hpp"

namespace spur::testing {
namespace {

// An event loop for one call: timers for sleep(), a locked queue for work
// posted from offload() threads. It stands in for the server's worker.
class LocalScheduler final : public detail::Scheduler {
 public:
  using clock = std::chrono::steady_clock;

  explicit LocalScheduler(detail::ThreadPool& pool) : pool_(pool) {}

  void resume_after(std::chrono::nanoseconds delay, std::coroutine_handle<> h) override {
    timers_.push({clock::now() + delay, [h] { h.resume(); }});
  }
  void post(std::function<void()> f) override {
    {
      std::lock_guard lock(mutex_);
      ready_.push_back(std::move(f));
    }
    wake_.notify_one();
  }
  bool offload(std::function<void()> job) override { return pool_.submit(std::move(job)); }

  // Resumes what is due until `done()` or the deadline. False on timeout.
  template <typename Done>
  bool run_until(Done done, clock::time_point deadline) {
    while (!done()) {
      std::function<void()> next;
      {
        std::unique_lock lock(mutex_);
        auto wake_at = timers_.empty() ? deadline : std::min(deadline, timers_.top().at);
        wake_.wait_until(lock, wake_at, [&] { return !ready_.empty(); });
        if (!ready_.empty()) {
          next = std::move(ready_.front());
          ready_.pop_front();
        }
      }
      if (!next && !timers_.empty() && timers_.top().at <= clock::now()) {
        next = timers_.top().run;
        timers_.pop();
      }
      if (next) {
        next();
      } else if (clock::now() >= deadline) {
        return false;
      }
    }
    return true;
  }

 private:
  struct Timer {
    clock::time_point at;
    std::function<void()> run;
    bool operator>(const Timer& o) const { return at > o.at; }
  };
  detail::ThreadPool& pool_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> ready_;
};

// Runs `task` on `scheduler` (installed as this thread's) until it finishes
// or `deadline` passes; nullopt then.
template <typename T>
std::optional<detail::Outcome<T>> run_on(LocalScheduler& scheduler, Async<T> task,
                                         LocalScheduler::clock::time_point deadline) {
  detail::Scheduler* previous = detail::current_scheduler();
  detail::set_current_scheduler(&scheduler);
  std::optional<detail::Outcome<T>> outcome;
  detail::spawn(
      std::move(task), [&scheduler](std::function<void()> f) { scheduler.post(std::move(f)); },
      [&outcome](detail::Outcome<T> o) { outcome.emplace(std::move(o)); });
  scheduler.run_until([&] { return outcome.has_value(); }, deadline);
  detail::set_current_scheduler(previous);
  return outcome;
}

// Collects a streamed body whole: the test client reads as fast as the
// producer writes, so it never holds the producer back.
class CollectingSink final : public detail::StreamSink {
 public:
  explicit CollectingSink(LocalScheduler& scheduler) : scheduler_(scheduler) {}
  void send(std::string_view bytes) override { body.append(bytes); }
  bool closed() const noexcept override { return false; }
  std::size_t unsent() const noexcept override { return 0; }
  void park(std::coroutine_handle<> h, bool until_drained,
            std::optional<clock::time_point> deadline) override {
    if (until_drained || !deadline)
      scheduler_.resume_soon(h);
    else
      scheduler_.resume_after(*deadline - clock::now(), h);
  }
  void notify() override {}  // parked producers are always resumed soon here
  std::string body;

 private:
  LocalScheduler& scheduler_;
};

bool has_header(const Headers& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (text::iequals(n, name)) return true;
  return false;
}

}  // namespace

Client::Client(const App& app) : app_(&app), pool_(std::make_shared<detail::ThreadPool>(2)) {}

std::optional<std::string> TestResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (text::iequals(n, name)) return v;
  return std::nullopt;
}

std::vector<std::string> TestResponse::header_values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers)
    if (text::iequals(n, name)) out.push_back(v);
  return out;
}

boost::json::value TestResponse::json() const {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec) throw std::runtime_error("response body is not JSON: " + body.substr(0, 200));
  return v;
}

std::string Client::collect_stream(const StreamBody& body) {
  LocalScheduler scheduler(*pool_);
  CollectingSink sink(scheduler);
  StreamWriter writer(sink);
  std::optional<detail::Outcome<void>> ended =
      run_on(scheduler, body(writer), LocalScheduler::clock::now() + timeout_);
  if (!ended) throw std::runtime_error("stream did not end within the test client's timeout");
  ended->get();
  return std::move(sink.body);
}

TestResponse Client::request(std::string_view method, std::string_view target,
                             std::string_view body, const Headers& headers) {
  // The bytes a client would send, parsed by the server's own parser.
  std::string raw;
  raw.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  if (!has_header(headers, "host")) raw += "Host: localhost\r\n";
  for (const auto& [name, value] : headers)
    raw.append(name).append(": ").append(value).append("\r\n");
  if (!has_header(headers, "content-length") && !has_header(headers, "transfer-encoding") &&
      (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH"))
    raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  raw += "\r\n";

  http::Limits limits;
  std::vector<http::Header> fields(limits.max_header_count);
  http::RequestHead head;
  http::ParseResult parsed = http::parse_request_head(raw, limits, head, fields);
  if (parsed.status != http::ParseStatus::complete)
    throw std::invalid_argument(std::string("not a valid request: ") +
                                (parsed.status == http::ParseStatus::error
                                     ? http::describe(parsed.error)
                                     : "incomplete head"));
  Request request(head, body);

  LocalScheduler scheduler(*pool_);
  std::optional<detail::Outcome<Response>> answered =
      run_on(scheduler, app_->handle(request), LocalScheduler::clock::now() + timeout_);
  if (!answered)
    throw std::runtime_error("handler did not finish within the test client's timeout");

  Response response = answered->get();  // App::handle never fails: errors are answers
  TestResponse out;
  out.status = response.status();
  for (const http::Header h : response.headers()) out.headers.emplace_back(h.name, h.value);
  // As the server does: HEAD and bodiless statuses carry no body.
  // A file body (a public/ file) is read from the file here; the server sends it with sendfile.
  if (method != "HEAD" && !http::status_forbids_body(out.status)) {
    if (std::shared_ptr<const StreamBody> stream = detail::ResponseAccess::stream(response))
      out.body = collect_stream(*stream);
    else if (std::optional<FileBody> file = response.file_body())
      out.body = read_file_body(*file);
    else
      out.body = response.body();
  }
  return out;
}

}  // namespace spur::testing
