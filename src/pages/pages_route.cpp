#include "spur/pages/pages_route.hpp"

#include <coroutine>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "body_parser.hpp"
#include "spur/core/error_body.hpp"
#include "spur/core/large_body.hpp"
#include "spur/core/offload.hpp"
#include "spur/core/sleep.hpp"
#include "spur/pages/wrap.hpp"

namespace spur {
namespace {

// Spur's policy (json-errors): what Next.js answers as a bare text phrase is
// a JSON body {"error": "..."} with the same status.
Response error_response(int status, std::string_view message) {
  return Response::json_text(detail::error_body(message), status);
}

void log_unsent(const Request& request) {
  request.log().error(
      "API handler returned without sending a response (call res.json(), res.send(), res.end() "
      "or res.redirect()); answered 500");
}

// Runs `f` on this thread's event loop, soon (at once where there is none).
void post_to_loop(std::function<void()> f) {
  if (detail::Scheduler* scheduler = detail::current_scheduler())
    scheduler->post(std::move(f));
  else
    f();
}

// A Pages handler's run: what it sees, and how far it got. On the heap and
// shared: a handler that streams outlives the coroutine that started it.
struct PagesRun {
  PagesRun(Request& request, const router::Params& params, boost::json::value body)
      : req(request, params, std::move(body)), res(request) {}
  ApiRequest req;
  ApiResponse res;
  std::optional<detail::Outcome<void>> outcome;  // once the handler has finished
  std::coroutine_handle<> waiter;                // parked until news (see wake)
  // What the waiter waits for. A first-write wake is posted, so it can arrive
  // after its waiter moved on: it must not resume one that waits for the end.
  enum class Waiting : std::uint8_t { nothing, first_write_or_end, end } waiting = Waiting::nothing;

  void wake_on_first_write() {
    if (waiting == Waiting::first_write_or_end) resume();
  }
  void wake_on_end() {
    if (waiting != Waiting::nothing) resume();
  }

 private:
  void resume() {
    waiting = Waiting::nothing;
    std::exchange(waiter, {}).resume();
  }
};

// Starts the handler and waits until it has either finished or written the
// first piece of a streamed body (Node's res.write()). Holds references only:
// GCC 12 destroys a co_await operand's copied members twice when it is a
// braced temporary, which for a shared_ptr frees the run early.
struct UntilStreamingOrDone {
  const std::shared_ptr<PagesRun>& run;
  const PagesHandler& handler;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    detail::ApiResponseAccess::on_first_write(run->res, [weak = std::weak_ptr<PagesRun>(run)] {
      // The handler is still running, inside its own stack: wake from the loop.
      post_to_loop([weak] {
        if (const std::shared_ptr<PagesRun> r = weak.lock()) r->wake_on_first_write();
      });
    });
    detail::spawn(handler(run->req, run->res), &post_to_loop,
                  [run = run](detail::Outcome<void> outcome) {
                    run->outcome.emplace(std::move(outcome));
                    run->wake_on_end();
                  });
    if (run->outcome || run->res.streaming()) return false;
    run->waiter = h;
    run->waiting = PagesRun::Waiting::first_write_or_end;
    return true;
  }
  void await_resume() const {
    run->waiting = PagesRun::Waiting::nothing;
    detail::ApiResponseAccess::on_first_write(run->res, nullptr);
  }
};

// Waits for a handler already running to finish; its exception, if it threw.
struct UntilDone {
  PagesRun& run;
  bool await_ready() const noexcept { return run.outcome.has_value(); }
  void await_suspend(std::coroutine_handle<> h) {
    run.waiter = h;
    run.waiting = PagesRun::Waiting::end;
  }
  void await_resume() { run.outcome->get(); }
};

// The handler is streaming and still running: its status and headers now,
// then what it wrote and writes, until it returns.
Response streamed_response(std::shared_ptr<PagesRun> run) {
  Response head = detail::ApiResponseAccess::take_response(run->res);
  Response r = Response::stream(
      [run](StreamWriter& out) -> Async<void> {
        detail::ApiResponseAccess::Stream& s = *detail::ApiResponseAccess::stream(run->res);
        s.sink = &detail::sink_of(out);
        if (!s.pending.empty()) co_await out.write(std::exchange(s.pending, {}));
        co_await UntilDone{*run};
        s.sink = nullptr;
      },
      "application/octet-stream", head.status());
  r.remove_header("content-type");
  for (const http::Header h : head.headers()) r.append_header(h.name, h.value);
  if (!r.has_header("content-type")) r.set_header("Content-Type", "application/octet-stream");
  return r;
}

}  // namespace

Async<Response> detail::run_inner_pages_handler(const PagesHandler& handler, ApiRequest& request,
                                                bool& unsent) {
  ApiResponse res(request.request());
  co_await handler(request, res);
  unsent = !res.ended();
  if (unsent) co_return error_response(500, "API handler returned without sending a response");
  co_return ApiResponseAccess::take_response(res);
}

Async<Response> run_pages_route(const PagesHandler& handler, Request& request,
                                const router::Params& params, const ApiConfig& config) {
  using detail::pages::BodyError;
  boost::json::value body;
  if (config.body_parser) {
    const std::optional<std::string_view> type = request.header("content-type");
    const std::string_view bytes = request.text();
    const std::uint64_t limit = config.body_size_limit;
    detail::pages::ParsedBody parsed;
    // A large body is parsed on the pool: the worker's other connections
    // must not wait for it (core/large_body.hpp).
    if (bytes.size() >= detail::large_body_bytes && bytes.size() <= limit &&
        detail::current_scheduler())
      parsed = co_await offload(
          [type, bytes, limit] { return detail::pages::parse_body(type, bytes, limit); });
    else
      parsed = detail::pages::parse_body(type, bytes, limit);
    switch (parsed.error) {
      case BodyError::none: body = std::move(parsed.value); break;
      case BodyError::invalid_body: co_return error_response(400, "Invalid body");
      case BodyError::invalid_json: co_return error_response(400, "Invalid JSON");
      case BodyError::too_large:
        co_return error_response(
            413,
            "Body exceeded " + detail::pages::format_size_limit(config.body_size_limit) + " limit");
    }
  } else if (request.text().size() > config.body_size_limit) {
    co_return error_response(
        413,
        "Body exceeded " + detail::pages::format_size_limit(config.body_size_limit) + " limit");
  }

  auto run = std::make_shared<PagesRun>(request, params, std::move(body));
  co_await UntilStreamingOrDone{run, handler};
  if (!run->outcome) co_return streamed_response(std::move(run));
  run->outcome->get();  // the handler's exception, if it threw
  ApiResponse& res = run->res;
  if (detail::ApiResponseAccess::Stream* stream = detail::ApiResponseAccess::stream(res)) {
    // Written and finished before it ever waited: all of it is here already.
    Response whole = detail::ApiResponseAccess::take_response(res);
    whole.body(std::move(stream->pending));
    co_return whole;
  }
  if (!res.ended()) {
    log_unsent(request);
    co_return error_response(500, "API handler returned without sending a response");
  }
  co_return detail::ApiResponseAccess::take_response(res);
}

}  // namespace spur
