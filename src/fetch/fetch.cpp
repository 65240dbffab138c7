// spur::fetch: the call as a whole (redirects, retries, decoding) as an
// Asio coroutine on the worker's own io_context, bounded by its total
// deadline and the inbound client's presence (on_loop.hpp), and the
// awaiters that hand its result, or a streamed body's pieces, to the handler.
#include "spur/fetch.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <charconv>

#include "content_decoding.hpp"
#include "exchange.hpp"
#include "on_loop.hpp"
#include "redirect.hpp"
#include "spur/fetch/fetch_hook.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/http_date.hpp"
#include "target.hpp"

namespace asio = boost::asio;

namespace spur {

namespace detail {
// A streamed response's exchange, read by FetchResponse::read().
struct FetchBody {
  std::unique_ptr<fetch_detail::Exchange> exchange;
  bool must_finish = false;
};
}  // namespace detail

namespace fetch_detail {
namespace {

// The whole body of an exchange, within max_response_bytes (the parser's
// limit) as sent.
asio::awaitable<std::string> read_whole(Exchange& x) {
  std::string body;
  for (;;) {
    const std::string_view piece = co_await x.read();
    if (piece.empty()) co_return body;
    body.append(piece);
  }
}

asio::awaitable<FetchResponse> attempt(const std::string& url, const FetchOptions& options) {
  std::optional<Target> target = parse_target(url);
  if (!target) throw FetchError(FetchError::Kind::invalid_url, "not an http(s) URL: " + url);
  NextRequest request{options.method, options.headers, options.body};
  FetchResponse response;
  for (int redirects = 0;; ++redirects) {
    std::unique_ptr<Exchange> x = co_await open_exchange(*target, request, options);
    const int status = x->status();
    Headers& headers = x->headers();
    std::string encoding;
    std::string_view location;
    for (const auto& [n, v] : headers) {
      if (text::iequals(n, "content-encoding")) encoding = v;
      if (text::iequals(n, "location")) location = v;
    }
    const bool follow = is_redirect(status) && options.redirect != Redirect::manual;
    if (follow && !location.empty()) {
      if (options.redirect == Redirect::error)
        throw FetchError(FetchError::Kind::redirect,
                         target->url + " redirected (" + std::to_string(status) + ")");
      if (redirects >= options.max_redirects)
        throw FetchError(FetchError::Kind::redirect,
                         "more than " + std::to_string(options.max_redirects) +
                             " redirects, the last from " + target->url);
      std::optional<Target> next = resolve_location(*target, location);
      if (!next)
        throw FetchError(FetchError::Kind::redirect,
                         target->url + " redirected to an unusable URL: " + std::string(location));
      // A buffered call reads the redirect's body, so its connection is
      // reused; a streamed one closes it (the body may be long).
      if (!options.stream_body) (void)co_await read_whole(*x);
      request =
          follow_redirect(status, *target, *next, std::move(request), options.sensitive_headers);
      target = std::move(next);
      response.redirected = true;
      continue;
    }
    response.status = status;
    response.url = target->url;
    response.headers = std::move(headers);
    if (options.stream_body) {
      response.stream_ =
          std::make_shared<detail::FetchBody>(detail::FetchBody{std::move(x), options.must_finish});
      co_return response;
    }
    std::string body = co_await read_whole(*x);
    if (options.decompress) {
      switch (decode_content(encoding, body, options.max_response_bytes)) {
        case Decoded::ok:
          std::erase_if(response.headers, [](const auto& h) {
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
    response.body_ = std::move(body);
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

asio::awaitable<std::string_view> read_piece(std::shared_ptr<detail::FetchBody> body) {
  co_return co_await body->exchange->read();
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
  if (detail::FetchHook* answer = detail::fetch_hook()) {
    try {
      response_ = (*answer)(url_, options_);
    } catch (...) {
      error_ = std::current_exception();
    }
    return false;
  }
  fetch_detail::Bounds bounds{options_.timeout,
                              options_.must_finish || gone == nullptr ? nullptr : *gone, url_};
  fetch_detail::run_bounded(fetch_detail::run(std::move(url_), std::move(options_)),
                            std::move(bounds),
                            [this, h](std::exception_ptr error, FetchResponse response) {
                              error_ = error;
                              response_ = std::move(response);
                              h.resume();
                            });
  return true;
}

FetchResponse FetchCall::await_resume() {
  if (error_) std::rethrow_exception(error_);
  return std::move(response_);
}

}  // namespace spur

namespace spur {

void FetchBodyRead::start(std::coroutine_handle<> h, const detail::ClientGone* gone) {
  const std::shared_ptr<detail::FetchBody>& body = response_->stream_;
  fetch_detail::Bounds bounds{std::nullopt, body->must_finish || gone == nullptr ? nullptr : *gone,
                              response_->url};
  fetch_detail::run_bounded(fetch_detail::read_piece(body), std::move(bounds),
                            [this, h](std::exception_ptr error, std::string_view piece) {
                              error_ = error;
                              piece_ = piece;
                              h.resume();
                            });
}

std::string_view FetchBodyRead::await_resume() {
  if (response_->stream_ == nullptr) {
    if (std::exchange(response_->body_taken_, true)) return {};
    return response_->body_;
  }
  if (error_) std::rethrow_exception(error_);
  return piece_;
}

}  // namespace spur
