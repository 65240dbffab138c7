#include "exchange.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "spur/fetch/fetch_error.hpp"
#include "spur/text/ascii.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

namespace spur::fetch_detail {
namespace {

bool has(const Headers& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (text::iequals(n, name)) return true;
  return false;
}

// Headers the client writes itself; a caller's would break the framing.
bool owned_by_client(std::string_view name) {
  return text::iequals(name, "host") || text::iequals(name, "content-length") ||
         text::iequals(name, "proxy-authorization") || text::iequals(name, "transfer-encoding") ||
         text::iequals(name, "connection") || text::iequals(name, "keep-alive") ||
         text::iequals(name, "upgrade") || text::iequals(name, "te") ||
         text::iequals(name, "trailer");
}

template <typename Body>
void fill_head(http::request<Body>& r, const Connection& c, const Target& target,
               const NextRequest& request, const FetchOptions& options, bool as_proxy) {
  r.method_string(request.method);
  r.target(c.absolute_form ? target.url : target.path_and_query);
  r.version(11);
  r.set(http::field::host, target.host_header());
  if (!c.proxy_authorization.empty())
    r.set(http::field::proxy_authorization, c.proxy_authorization);
  for (const auto& [name, value] : request.headers)
    if (!owned_by_client(name)) r.insert(name, value);
  if (as_proxy) return;
  if (options.decompress && !options.stream_body && !has(request.headers, "accept-encoding"))
    r.set(http::field::accept_encoding, "gzip, deflate, br");
  if (!has(request.headers, "user-agent")) r.set(http::field::user_agent, "spur-fetch");
  if (!has(request.headers, "accept")) r.set(http::field::accept, "*/*");
}

// Runs `op` on the connection's stream, plain or TLS.
template <typename Op>
asio::awaitable<void> with_stream(Connection& c, Op op) {
  if (c.tls)
    co_await op(*c.tls);
  else
    co_await op(*c.plain);
}

bool closed_by_peer(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
}

// A write that failed: a cancellation passes on as it is; a reused
// connection the server had closed is stale; else a timeout or 502.
void check_write(const boost::system::error_code& ec, const Connection& c, bool first,
                 const std::string& who, std::chrono::milliseconds timeout) {
  if (!ec) return;
  if (ec == asio::error::operation_aborted) throw boost::system::system_error(ec);
  if (first && c.reused) throw StaleConnection(ec.message());
  if (ec == beast::error::timeout)
    throw FetchError(FetchError::Kind::timeout, who + " did not take the request within " +
                                                    std::to_string(timeout.count()) + " ms");
  throw FetchError(FetchError::Kind::protocol, "sending to " + who + ": " + ec.message());
}

void check_read(const boost::system::error_code& ec, const std::string& who,
                std::chrono::milliseconds timeout, std::optional<std::size_t> body_limit) {
  if (!ec) return;
  if (ec == asio::error::operation_aborted) throw boost::system::system_error(ec);
  if (ec == beast::error::timeout)
    throw FetchError(FetchError::Kind::timeout,
                     who + " sent nothing for " + std::to_string(timeout.count()) + " ms");
  if (ec == http::error::body_limit && body_limit)
    throw FetchError(FetchError::Kind::too_large,
                     who + " answered more than " + std::to_string(*body_limit) + " bytes");
  throw FetchError(FetchError::Kind::protocol,
                   "reading the response of " + who + ": " + ec.message());
}

}  // namespace

asio::awaitable<void> Exchange::send(const NextRequest& request, const FetchOptions& options,
                                     bool as_proxy) {
  http::request<http::string_body> r;
  fill_head(r, *lease_, lease_.target(), request, options, as_proxy);
  r.body() = request.body;
  const bool carries_body = !request.body.empty() || request.method == "POST" ||
                            request.method == "PUT" || request.method == "PATCH";
  if (carries_body) r.prepare_payload();
  boost::system::error_code ec;
  lease_->lowest().expires_after(read_timeout_);
  co_await with_stream(*lease_, [&](auto& stream) -> asio::awaitable<void> {
    co_await http::async_write(stream, r, asio::redirect_error(asio::use_awaitable, ec));
  });
  check_write(ec, *lease_, true, who(), read_timeout_);
}

asio::awaitable<void> Exchange::send_head(const NextRequest& request,
                                          std::optional<std::uint64_t> length,
                                          const FetchOptions& options, bool as_proxy) {
  http::request<http::empty_body> r;
  fill_head(r, *lease_, lease_.target(), request, options, as_proxy);
  if (length)
    r.content_length(*length);
  else
    r.chunked(true);
  chunked_ = !length;
  http::request_serializer<http::empty_body> serializer(r);
  boost::system::error_code ec;
  lease_->lowest().expires_after(read_timeout_);
  co_await with_stream(*lease_, [&](auto& stream) -> asio::awaitable<void> {
    co_await http::async_write_header(stream, serializer,
                                      asio::redirect_error(asio::use_awaitable, ec));
  });
  check_write(ec, *lease_, true, who(), read_timeout_);
}

asio::awaitable<void> Exchange::write(std::string_view piece) {
  if (piece.empty()) co_return;  // an empty chunk would end a chunked body
  boost::system::error_code ec;
  lease_->lowest().expires_after(read_timeout_);
  co_await with_stream(*lease_, [&](auto& stream) -> asio::awaitable<void> {
    const asio::const_buffer bytes(piece.data(), piece.size());
    if (chunked_)
      co_await asio::async_write(stream, http::make_chunk(bytes),
                                 asio::redirect_error(asio::use_awaitable, ec));
    else
      co_await asio::async_write(stream, bytes, asio::redirect_error(asio::use_awaitable, ec));
  });
  check_write(ec, *lease_, false, who(), read_timeout_);
}

asio::awaitable<void> Exchange::finish() {
  if (!chunked_) co_return;
  boost::system::error_code ec;
  lease_->lowest().expires_after(read_timeout_);
  co_await with_stream(*lease_, [&](auto& stream) -> asio::awaitable<void> {
    co_await asio::async_write(stream, http::make_chunk_last(),
                               asio::redirect_error(asio::use_awaitable, ec));
  });
  check_write(ec, *lease_, false, who(), read_timeout_);
}

asio::awaitable<void> Exchange::read_head(bool head_request,
                                          std::optional<std::size_t> body_limit) {
  Connection& c = *lease_;
  body_limit_ = body_limit;
  for (;;) {
    parser_.emplace();
    parser_->header_limit(64 * 1024);
    if (body_limit)
      parser_->body_limit(*body_limit);
    else
      parser_->body_limit(boost::none);
    if (head_request) parser_->skip(true);
    boost::system::error_code ec;
    c.lowest().expires_after(read_timeout_);
    co_await with_stream(c, [&](auto& stream) -> asio::awaitable<void> {
      co_await http::async_read_header(stream, c.buffer, *parser_,
                                       asio::redirect_error(asio::use_awaitable, ec));
    });
    if (ec && ec != asio::error::operation_aborted && c.reused && !parser_->got_some() &&
        closed_by_peer(ec))
      throw StaleConnection(ec.message());
    check_read(ec, who(), read_timeout_, body_limit_);
    status_ = static_cast<int>(parser_->get().result_int());
    if (status_ >= 100 && status_ < 200 && status_ != 101) continue;  // 103 Early Hints…
    break;
  }
  headers_.clear();
  for (const auto& field : parser_->get())
    headers_.emplace_back(field.name_string(), field.value());
  if (parser_->is_done()) finished();
}

asio::awaitable<std::string_view> Exchange::read() {
  while (!done_) {
    Connection& c = *lease_;  // held until the body's end
    auto& body = parser_->get().body();
    body.data = piece_.data();
    body.size = piece_.size();
    boost::system::error_code ec;
    c.lowest().expires_after(read_timeout_);
    co_await with_stream(c, [&](auto& stream) -> asio::awaitable<void> {
      co_await http::async_read_some(stream, c.buffer, *parser_,
                                     asio::redirect_error(asio::use_awaitable, ec));
    });
    if (ec == http::error::need_buffer) ec = {};
    check_read(ec, who(), read_timeout_, body_limit_);
    const std::size_t n = piece_.size() - body.size;
    body.data = nullptr;
    if (parser_->is_done()) finished();
    if (n != 0) co_return std::string_view(piece_.data(), n);
  }
  co_return std::string_view();
}

void Exchange::finished() {
  done_ = true;
  lease_->lowest().expires_never();
  lease_.release(parser_->get().keep_alive() && status_ != 101);
}

}  // namespace spur::fetch_detail
