#pragma once
// One request and its response over a pooled connection, HTTP/1.1 with
// Beast: the head with a whole body, or a body written piece by piece as it
// arrives (a proxy); then the response head, and its body piece by piece.
// Every read is bounded by read_timeout. The connection goes back to the
// pool only once the body has been read to its end.
#include <array>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lease.hpp"
#include "redirect.hpp"
#include "spur/fetch/fetch_options.hpp"

namespace spur::fetch_detail {

// A reused connection that the server had closed: nothing was answered, so
// an idempotent request may be sent again on a new one.
struct StaleConnection : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class Exchange {
 public:
  Exchange(Lease lease, std::chrono::milliseconds read_timeout)
      : lease_(std::move(lease)), read_timeout_(read_timeout) {}
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  // The head and the whole body. With `as_proxy`, only the caller's headers
  // (no Accept-Encoding, User-Agent or Accept of the client's own).
  boost::asio::awaitable<void> send(const NextRequest& request, const FetchOptions& options,
                                    bool as_proxy = false);
  // The head alone; the body follows with write() and finish(): `length`
  // bytes, or chunked when the length is unknown.
  boost::asio::awaitable<void> send_head(const NextRequest& request,
                                         std::optional<std::uint64_t> length,
                                         const FetchOptions& options, bool as_proxy);
  boost::asio::awaitable<void> write(std::string_view piece);
  boost::asio::awaitable<void> finish();

  // The response head (1xx interim answers skipped). A HEAD request's
  // response has no body; `body_limit` caps the body (nullopt: no cap).
  boost::asio::awaitable<void> read_head(bool head_request, std::optional<std::size_t> body_limit);
  int status() const noexcept { return status_; }
  Headers& headers() noexcept { return headers_; }
  // The next piece of the body (valid until the next read), or empty once
  // the whole body has been read (the connection is then back in the pool).
  boost::asio::awaitable<std::string_view> read();
  bool done() const noexcept { return done_; }

 private:
  using Parser = boost::beast::http::response_parser<boost::beast::http::buffer_body>;
  void finished();
  std::string who() const { return lease_.target().host_header(); }

  Lease lease_;
  std::chrono::milliseconds read_timeout_;
  bool chunked_ = false;
  std::optional<Parser> parser_;
  std::optional<std::size_t> body_limit_;
  int status_ = 0;
  Headers headers_;
  bool done_ = false;
  std::array<char, 32 * 1024> piece_{};
};

}  // namespace spur::fetch_detail

namespace spur::fetch_detail {

// A connection to `target` from this worker's pool, with the TLS and
// address settings of `options`.
boost::asio::awaitable<Lease> lease_for(const Target& target, const FetchOptions& options);

// An exchange whose request has been sent whole and whose response head has
// been read. A pooled connection the server had closed is replaced once for
// an idempotent request (nothing was answered).
boost::asio::awaitable<std::unique_ptr<Exchange>> open_exchange(const Target& target,
                                                                const NextRequest& request,
                                                                const FetchOptions& options,
                                                                bool as_proxy = false);

bool idempotent(std::string_view method) noexcept;

}  // namespace spur::fetch_detail
