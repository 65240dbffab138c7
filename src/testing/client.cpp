#include "spur/testing/client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <queue>
#include <stdexcept>

#include "spur/core/error_response.hpp"
#include "spur/core/sleep.hpp"
#include "spur/http/header.hpp"
#include "spur/http/parser.hpp"
#include "spur/http/status.hpp"
#include "spur/text/ascii.hpp"

namespace spur::testing {
namespace {

// An event loop for one call: timers for sleep(), a locked queue for work
// finished on offload() threads. It stands in for the server's worker.
class LocalScheduler final : public detail::Scheduler {
 public:
  using clock = std::chrono::steady_clock;

  void resume_after(std::chrono::nanoseconds delay, std::coroutine_handle<> h) override {
    timers_.push({clock::now() + delay, h});
  }
  void resume_soon(std::coroutine_handle<> h) override {
    {
      std::lock_guard lock(mutex_);
      ready_.push_back(h);
    }
    wake_.notify_one();
  }

  // Resumes what is due until `done()` or the deadline. False on timeout.
  template <typename Done>
  bool run_until(Done done, clock::time_point deadline) {
    while (!done()) {
      std::coroutine_handle<> next;
      {
        std::unique_lock lock(mutex_);
        auto wake_at = timers_.empty() ? deadline : std::min(deadline, timers_.top().at);
        wake_.wait_until(lock, wake_at, [&] { return !ready_.empty(); });
        if (!ready_.empty()) {
          next = ready_.front();
          ready_.pop_front();
        }
      }
      if (!next && !timers_.empty() && timers_.top().at <= clock::now()) {
        next = timers_.top().handle;
        timers_.pop();
      }
      if (next) {
        next.resume();
      } else if (clock::now() >= deadline) {
        return false;
      }
    }
    return true;
  }

 private:
  struct Timer {
    clock::time_point at;
    std::coroutine_handle<> handle;
    bool operator>(const Timer& o) const { return at > o.at; }
  };
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::coroutine_handle<>> ready_;
};

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

// Header lines "Name: value\r\n" as the response carries them.
Headers parse_header_lines(std::string_view lines) {
  Headers out;
  while (!lines.empty()) {
    std::size_t eol = lines.find("\r\n");
    std::string_view line = lines.substr(0, eol);
    lines = eol == std::string_view::npos ? std::string_view{} : lines.substr(eol + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    out.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return out;
}

bool has_header(const Headers& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (text::iequals(n, name)) return true;
  return false;
}

}  // namespace

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
  LocalScheduler scheduler;
  detail::Scheduler* previous = detail::current_scheduler();
  detail::set_current_scheduler(&scheduler);
  CollectingSink sink(scheduler);
  StreamWriter writer(sink);
  Task<void> producer = body(writer);
  producer.start();
  const bool finished =
      scheduler.run_until([&] { return producer.done(); }, LocalScheduler::clock::now() + timeout_);
  detail::set_current_scheduler(previous);
  if (!finished) throw std::runtime_error("stream did not end within the test client's timeout");
  producer.result();
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

  LocalScheduler scheduler;
  detail::Scheduler* previous = detail::current_scheduler();
  detail::set_current_scheduler(&scheduler);
  Task<Response> task = app_->handle(request);
  task.start();
  bool finished =
      scheduler.run_until([&] { return task.done(); }, LocalScheduler::clock::now() + timeout_);
  detail::set_current_scheduler(previous);
  if (!finished)
    throw std::runtime_error("handler did not finish within the test client's timeout");

  Response response = detail::take_result(task, request);
  TestResponse out;
  out.status = response.status();
  out.headers = parse_header_lines(response.header_lines());
  // As the server does: HEAD and bodiless statuses carry no body.
  // A file body (a public/ file) is read from the file here; the server sends it with sendfile.
  if (method != "HEAD" && !http::status_forbids_body(out.status)) {
    if (const StreamBody* stream = response.stream_body())
      out.body = collect_stream(*stream);
    else
      out.body = response.file_body() ? read_file_body(*response.file_body()) : response.body();
  }
  return out;
}

}  // namespace spur::testing
