// spur::fetch: the call as a whole (redirects, a stale pooled connection)
// as an Asio coroutine on the worker's own io_context, bounded by its total
// deadline and the inbound client's presence, and the awaiter that hands
// its result to the handler.
#include "spur/fetch.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>
#include <stdexcept>

#include "connection.hpp"
#include "content_decoding.hpp"
#include "exchange.hpp"
#include "redirect.hpp"
#include "spur/core/sleep.hpp"
#include "spur/fetch/fetch_hook.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/http_date.hpp"
#include "target.hpp"

namespace asio = boost::asio;

namespace spur {
namespace fetch_detail {
namespace {

bool idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" ||
         method == "DELETE" || method == "TRACE";
}

// What a pooled connection must match besides its origin.
std::string pool_key_of(const FetchOptions& o) {
  return o.ca_file + '\n' + o.client_certificate_file + '\n' + o.client_key_file +
         (o.refuse_private_addresses ? "\npublic" : "");
}

// A connection on loan from the pool: back to it after a response read to
// its end that allows reuse, closed in every other case (an exception, a
// cancellation), so no half-read connection is ever reused.
class Lease {
 public:
  Lease(const Target& target, std::string key, std::unique_ptr<Connection> c)
      : target_(target), key_(std::move(key)), c_(std::move(c)) {}
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease() {
    if (c_) worker_pool().discard(target_, key_, std::move(c_));
  }
  Connection& operator*() { return *c_; }
  void release(bool reusable) {
    if (reusable)
      worker_pool().give_back(target_, key_, std::move(c_));
    else
      worker_pool().discard(target_, key_, std::move(c_));
  }

 private:
  Target target_;
  std::string key_;
  std::unique_ptr<Connection> c_;
};

asio::awaitable<Exchanged> send(const Target& target, const NextRequest& request,
                                const FetchOptions& options) {
  const std::string key = pool_key_of(options);
  std::shared_ptr<asio::ssl::context> tls;
  if (target.tls)
    tls = tls_context(options.ca_file, options.client_certificate_file, options.client_key_file);
  for (int attempt = 0;; ++attempt) {
    Lease lease(target, key,
                co_await worker_pool().acquire(target, key, tls, options.connect_timeout,
                                               options.refuse_private_addresses));
    try {
      Exchanged out = co_await exchange(*lease, target, request, options);
      lease.release(out.keep_alive);
      co_return out;
    } catch (const StaleConnection& e) {
      // The server closed an idle connection as it was reused; nothing was
      // answered, so an idempotent request goes again on a new one.
      if (attempt > 0 || !idempotent(request.method))
        throw FetchError(FetchError::Kind::protocol,
                         target.host_header() + " closed the connection: " + e.what());
    }
  }
}

asio::awaitable<FetchResponse> attempt(const std::string& url, const FetchOptions& options) {
  std::optional<Target> target = parse_target(url);
  if (!target) throw FetchError(FetchError::Kind::invalid_url, "not an http(s) URL: " + url);
  NextRequest request{options.method, options.headers, options.body};
  FetchResponse response;
  for (int redirects = 0;; ++redirects) {
    Exchanged got = co_await send(*target, request, options);
    std::string encoding;
    for (const auto& [n, v] : got.headers)
      if (text::iequals(n, "content-encoding")) encoding = v;
    const bool follow = is_redirect(got.status) && options.redirect != Redirect::manual;
    std::string_view location;
    for (const auto& [n, v] : got.headers)
      if (text::iequals(n, "location")) location = v;
    if (follow && !location.empty()) {
      if (options.redirect == Redirect::error)
        throw FetchError(FetchError::Kind::redirect,
                         target->url + " redirected (" + std::to_string(got.status) + ")");
      if (redirects >= options.max_redirects)
        throw FetchError(FetchError::Kind::redirect,
                         "more than " + std::to_string(options.max_redirects) +
                             " redirects, the last from " + target->url);
      std::optional<Target> next = resolve_location(*target, location);
      if (!next)
        throw FetchError(FetchError::Kind::redirect,
                         target->url + " redirected to an unusable URL: " + std::string(location));
      request = follow_redirect(got.status, *target, *next, std::move(request),
                                options.sensitive_headers);
      target = std::move(next);
      response.redirected = true;
      continue;
    }
    if (options.decompress) {
      switch (decode_content(encoding, got.body, options.max_response_bytes)) {
        case Decoded::ok:
          std::erase_if(got.headers, [](const auto& h) {
            return text::iequals(h.first, "content-encoding") ||
                   text::iequals(h.first, "content-length");
          });
          break;
        case Decoded::too_large:
          throw FetchError(FetchError::Kind::too_large,
                           target->host_header() + " answered more than " +
                               std::to_string(options.max_response_bytes) + " bytes, decoded");
        case Decoded::malformed:
          throw FetchError(
              FetchError::Kind::protocol,
              target->host_header() + " sent a body that does not decode as " + encoding);
        case Decoded::unknown_encoding: break;  // left as sent, Content-Encoding kept
      }
    }
    response.status = got.status;
    response.headers = std::move(got.headers);
    response.url = target->url;
    response.body_ = std::move(got.body);
    co_return response;
  }
}

bool retryable_status(int status) noexcept {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

bool retryable_error(FetchError::Kind kind) noexcept {
  return kind == FetchError::Kind::connect || kind == FetchError::Kind::timeout ||
         kind == FetchError::Kind::protocol;
}

// How long Retry-After asks to wait (delta-seconds or an HTTP date), if it
// says anything usable.
std::optional<std::chrono::milliseconds> retry_after(const FetchResponse& res) {
  const std::optional<std::string_view> value = res.header("retry-after");
  if (!value) return std::nullopt;
  std::int64_t seconds = 0;
  const auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), seconds);
  if (error == std::errc() && end == value->data() + value->size() && seconds >= 0)
    return std::chrono::seconds(seconds);
  if (const std::optional<std::int64_t> at = text::parse_http_date(*value)) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    return std::chrono::seconds(std::max<std::int64_t>(0, *at - now));
  }
  return std::nullopt;
}

asio::awaitable<void> pause(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

// The call, with the retries it opted into.
asio::awaitable<FetchResponse> run(std::string url, FetchOptions options) {
  const bool may_retry = options.retries > 0 && idempotent(options.method);
  std::chrono::milliseconds backoff{100};
  for (int left = may_retry ? options.retries : 0;; --left) {
    std::chrono::milliseconds wait = backoff;
    try {
      FetchResponse res = co_await attempt(url, options);
      if (left == 0 || !retryable_status(res.status)) co_return res;
      if (const auto asked = retry_after(res)) {
        if (*asked > options.max_retry_wait) co_return res;
        wait = *asked;
      }
    } catch (const FetchError& e) {
      if (left == 0 || !retryable_error(e.kind())) throw;
    }
    co_await pause(wait);
    backoff *= 2;
  }
}

// One call in flight: its total deadline and, unless it must finish, a look
// every 50 ms at whether the inbound client is still there (the server's
// flag, set when the connection closes). Either one cancels the call's
// coroutine through `cancel`, which ends whatever it waits for at once.
struct Call {
  explicit Call(asio::io_context& io) : deadline(io), watch(io) {}
  asio::cancellation_signal cancel;
  asio::steady_timer deadline;
  asio::steady_timer watch;
  enum class Why { none, timeout, client_gone } why = Why::none;
  bool done = false;

  void stop(Why reason) {
    if (done || why != Why::none) return;
    why = reason;
    cancel.emit(asio::cancellation_type::terminal);
  }
};

void watch_client(std::shared_ptr<Call> call, detail::ClientGone gone) {
  call->watch.expires_after(std::chrono::milliseconds(50));
  call->watch.async_wait([call, gone](const boost::system::error_code& ec) {
    if (ec || call->done) return;
    if (gone->load(std::memory_order_relaxed))
      call->stop(Call::Why::client_gone);
    else
      watch_client(call, gone);
  });
}

}  // namespace
}  // namespace fetch_detail

namespace detail {
namespace {
thread_local FetchHook* hook = nullptr;
}
FetchHook* fetch_hook() noexcept { return hook; }
void set_fetch_hook(FetchHook* h) noexcept { hook = h; }
}  // namespace detail

bool FetchCall::start(std::coroutine_handle<> h, const detail::ClientGone* gone) {
  using fetch_detail::Call;
  if (detail::FetchHook* answer = detail::fetch_hook()) {
    try {
      response_ = (*answer)(url_, options_);
    } catch (...) {
      error_ = std::current_exception();
    }
    return false;
  }
  detail::Scheduler* s = detail::current_scheduler();
  auto* io = s == nullptr ? nullptr : static_cast<asio::io_context*>(s->io_context());
  if (io == nullptr)
    throw std::logic_error(
        "spur::fetch needs a server worker's loop; in in-process tests, answer it with "
        "spur::testing::FakeFetch");
  auto call = std::make_shared<Call>(*io);
  call->deadline.expires_after(options_.timeout);
  call->deadline.async_wait([call](const boost::system::error_code& ec) {
    if (!ec) call->stop(Call::Why::timeout);
  });
  if (!options_.must_finish && gone != nullptr && *gone) fetch_detail::watch_client(call, *gone);
  const std::string what = url_;
  const auto timeout = options_.timeout;
  asio::co_spawn(*io, fetch_detail::run(std::move(url_), std::move(options_)),
                 asio::bind_cancellation_slot(call->cancel.slot(), [this, h, call, what, timeout](
                                                                       std::exception_ptr error,
                                                                       FetchResponse response) {
                   call->done = true;
                   call->deadline.cancel();
                   call->watch.cancel();
                   if (error && call->why == Call::Why::timeout)
                     error = std::make_exception_ptr(FetchError(
                         FetchError::Kind::timeout, what + " did not answer within " +
                                                        std::to_string(timeout.count()) + " ms"));
                   else if (error && call->why == Call::Why::client_gone)
                     error = std::make_exception_ptr(FetchError(
                         FetchError::Kind::cancelled,
                         "the client went away; the call to " + what + " was abandoned"));
                   error_ = error;
                   response_ = std::move(response);
                   h.resume();
                 }));
  return true;
}

FetchResponse FetchCall::await_resume() {
  if (error_) std::rethrow_exception(error_);
  return std::move(response_);
}

}  // namespace spur
