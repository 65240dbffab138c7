#include "spur/pages/pages_route.hpp"

#include <coroutine>
#include <cstdio>
#include <memory>
#include <string>

#include "body_parser.hpp"
#include "spur/core/error_body.hpp"
#include "spur/core/sleep.hpp"
#include "spur/wrap.hpp"

namespace spur {
namespace {

// Spur's policy (json-errors): what Next.js answers as a bare text phrase is
// a JSON body {"error": "..."} with the same status.
Response error_response(int status, std::string_view message) {
  return Response::json_text(detail::error_body(message), status);
}

void log_unsent(const Request& request) {
  std::fprintf(stderr,
               "spur: API handler for %.*s %.*s returned without sending a response "
               "(call res.json(), res.send(), res.end() or res.redirect()); answered 500\n",
               static_cast<int>(request.method().size()), request.method().data(),
               static_cast<int>(request.path().size()), request.path().data());
}

// A Pages handler's run: what it sees, and its task.
struct PagesRun {
  PagesRun(Request& request, const router::Params& params, boost::json::value body)
      : req(request, params, std::move(body)), res(request) {}
  ApiRequest req;
  ApiResponse res;
  Task<void> task;
  std::coroutine_handle<> waiter;  // parked until the first write or the end
  bool armed = false;
};

// Resumes the parked waiter once. When the handler has finished (called from
// its final suspend, where resuming another coroutine is allowed) at once;
// at its first write (it is still running) from the event loop instead.
void fire(PagesRun& run, bool finished) {
  if (!run.armed) return;
  run.armed = false;
  const std::coroutine_handle<> waiter = std::exchange(run.waiter, {});
  detail::Scheduler* scheduler = detail::current_scheduler();
  if (finished || !scheduler)
    waiter.resume();
  else
    scheduler->resume_soon(waiter);
}

void on_finished(void* run) { fire(*static_cast<PagesRun*>(run), true); }
void on_first_write(void* run) { fire(*static_cast<PagesRun*>(run), false); }

// Starts the handler and waits until it has either finished or written the
// first piece of a streamed body (Node's res.write()).
struct UntilStreamingOrDone {
  PagesRun& run;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> h) {
    run.task.when_done(&on_finished, &run);
    run.task.start();
    if (run.task.done() || run.res.streaming()) return false;
    run.waiter = h;
    run.armed = true;
    run.res.on_first_write(&on_first_write, &run);
    return true;
  }
  void await_resume() const noexcept {
    run.armed = false;
    run.res.on_first_write(nullptr, nullptr);
  }
};

// Waits for a handler task already running (a Task's own await would start it).
struct UntilDone {
  PagesRun& run;
  bool await_ready() const noexcept { return run.task.done(); }
  void await_suspend(std::coroutine_handle<> h) {
    run.waiter = h;
    run.armed = true;
    run.task.when_done(&on_finished, &run);
  }
  void await_resume() { run.task.result(); }
};

// The handler is streaming and still running: its status and headers now,
// then what it wrote and writes, until it returns.
Response streamed_response(std::shared_ptr<PagesRun> run) {
  Response head = run->res.take_response();
  Response r = Response::stream(
      [run](StreamWriter& out) -> Task<void> {
        ApiResponse::Stream& s = *run->res.stream_state();
        s.sink = &detail::sink_of(out);
        if (!s.pending.empty()) co_await out.write(std::exchange(s.pending, {}));
        co_await UntilDone{*run};
        s.sink = nullptr;
      },
      "application/octet-stream", head.status());
  r.remove_header("content-type");
  for (std::string_view rest = head.header_lines(); !rest.empty();) {
    const std::size_t eol = rest.find("\r\n");
    const std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    const std::size_t colon = line.find(':');
    r.header(line.substr(0, colon), line.substr(colon + 2));
  }
  if (!r.has_header("content-type")) r.header("Content-Type", "application/octet-stream");
  return r;
}

}  // namespace

Task<Response> detail::run_pages_next(void* context) {
  auto& c = *static_cast<PagesNext*>(context);
  ApiResponse res(c.request->request());
  co_await (*c.handler)(*c.request, res);
  c.unsent = !res.ended();
  if (c.unsent) co_return error_response(500, "API handler returned without sending a response");
  co_return res.take_response();
}

Task<Response> run_pages_route(const PagesHandler& handler, Request& request,
                               const router::Params& params, const ApiConfig& config) {
  using detail::pages::BodyError;
  boost::json::value body;
  if (config.body_parser) {
    detail::pages::ParsedBody parsed = detail::pages::parse_body(
        request.header("content-type"), request.text(), config.body_size_limit);
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

  // On the heap: a handler that streams outlives this coroutine.
  auto run = std::make_shared<PagesRun>(request, params, std::move(body));
  run->task = handler(run->req, run->res);
  co_await UntilStreamingOrDone{*run};
  if (!run->task.done()) co_return streamed_response(std::move(run));
  run->task.result();  // the handler's exception, if it threw
  ApiResponse& res = run->res;
  if (ApiResponse::Stream* stream = res.stream_state()) {
    // Written and finished before it ever waited: all of it is here already.
    Response whole = res.take_response();
    whole.body(std::move(stream->pending));
    co_return whole;
  }
  if (!res.ended()) {
    log_unsent(request);
    co_return error_response(500, "API handler returned without sending a response");
  }
  co_return res.take_response();
}

}  // namespace spur
