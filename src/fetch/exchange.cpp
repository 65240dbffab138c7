#include "exchange.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
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

bool has(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (text::iequals(n, name)) return true;
  return false;
}

// Headers the client writes itself; a caller's would break the framing.
bool owned_by_client(std::string_view name) {
  return text::iequals(name, "host") || text::iequals(name, "content-length") ||
         text::iequals(name, "transfer-encoding") || text::iequals(name, "connection") ||
         text::iequals(name, "keep-alive") || text::iequals(name, "upgrade") ||
         text::iequals(name, "te") || text::iequals(name, "trailer");
}

http::request<http::string_body> make_request(const Target& target, const NextRequest& request,
                                              const FetchOptions& options) {
  http::request<http::string_body> r;
  r.method_string(request.method);
  r.target(target.path_and_query);
  r.version(11);
  r.set(http::field::host, target.host_header());
  for (const auto& [name, value] : request.headers)
    if (!owned_by_client(name)) r.insert(name, value);
  if (options.decompress && !has(request.headers, "accept-encoding"))
    r.set(http::field::accept_encoding, "gzip, deflate, br");
  if (!has(request.headers, "user-agent")) r.set(http::field::user_agent, "spur-fetch");
  if (!has(request.headers, "accept")) r.set(http::field::accept, "*/*");
  r.body() = request.body;
  const bool carries_body = !request.body.empty() || request.method == "POST" ||
                            request.method == "PUT" || request.method == "PATCH";
  if (carries_body) r.prepare_payload();
  return r;
}

template <typename Stream>
asio::awaitable<Exchanged> exchange_on(Stream& stream, Connection& c, const Target& target,
                                       const NextRequest& request, const FetchOptions& options) {
  auto& lowest = c.lowest();
  const std::string who = target.host_header();
  http::request<http::string_body> r = make_request(target, request, options);
  boost::system::error_code ec;
  lowest.expires_after(options.read_timeout);
  co_await http::async_write(stream, r, asio::redirect_error(asio::use_awaitable, ec));
  if (ec == asio::error::operation_aborted) throw boost::system::system_error(ec);
  if (ec && c.reused) throw StaleConnection(ec.message());
  if (ec == beast::error::timeout)
    throw FetchError(FetchError::Kind::timeout, who + " did not take the request within " +
                                                    std::to_string(options.read_timeout.count()) +
                                                    " ms");
  if (ec) throw FetchError(FetchError::Kind::protocol, "sending to " + who + ": " + ec.message());

  for (;;) {
    http::response_parser<http::string_body> parser;
    parser.header_limit(64 * 1024);
    parser.body_limit(options.max_response_bytes);
    if (request.method == "HEAD") parser.skip(true);
    bool got_bytes = false;
    while (!parser.is_done()) {
      lowest.expires_after(options.read_timeout);
      const std::size_t before = c.buffer.size();
      co_await http::async_read_some(stream, c.buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
      got_bytes = got_bytes || c.buffer.size() != before || parser.got_some();
      if (!ec) continue;
      if (ec == asio::error::operation_aborted) throw boost::system::system_error(ec);
      if (c.reused && !got_bytes &&
          (ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe))
        throw StaleConnection(ec.message());
      if (ec == beast::error::timeout)
        throw FetchError(
            FetchError::Kind::timeout,
            who + " sent nothing for " + std::to_string(options.read_timeout.count()) + " ms");
      if (ec == http::error::body_limit)
        throw FetchError(
            FetchError::Kind::too_large,
            who + " answered more than " + std::to_string(options.max_response_bytes) + " bytes");
      throw FetchError(FetchError::Kind::protocol,
                       "reading the response of " + who + ": " + ec.message());
    }
    lowest.expires_never();
    http::response<http::string_body>& res = parser.get();
    const int status = static_cast<int>(res.result_int());
    if (status >= 100 && status < 200 && status != 101) continue;  // 103 Early Hints…
    Exchanged out;
    out.status = status;
    for (const auto& field : res) out.headers.emplace_back(field.name_string(), field.value());
    out.keep_alive = res.keep_alive() && status != 101;
    out.body = std::move(res.body());
    co_return out;
  }
}

}  // namespace

asio::awaitable<Exchanged> exchange(Connection& connection, const Target& target,
                                    const NextRequest& request, const FetchOptions& options) {
  if (connection.tls)
    co_return co_await exchange_on(*connection.tls, connection, target, request, options);
  co_return co_await exchange_on(*connection.plain, connection, target, request, options);
}

}  // namespace spur::fetch_detail
