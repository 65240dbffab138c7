#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "address_policy.hpp"
#include "connection.hpp"
#include "resolver.hpp"
#include "spur/fetch/fetch_error.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace spur::fetch_detail {
namespace {

using Clock = std::chrono::steady_clock;

// An idle connection the server closed meanwhile reads as end of file (or
// has bytes nobody asked for): either way it cannot carry a request.
bool still_usable(Connection& c) {
  if (c.buffer.size() != 0) return false;
  auto& socket = c.lowest().socket();
  if (!socket.is_open()) return false;
  char byte;
  const ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

// A step of connecting that failed: a timeout (504), a cancellation (passed
// on as it is), or `kind` (502).
void throw_if_failed(const boost::system::error_code& ec, FetchError::Kind kind,
                     const std::string& step, const std::string& failed,
                     std::chrono::milliseconds timeout) {
  if (!ec) return;
  if (ec == beast::error::timeout)
    throw FetchError(FetchError::Kind::timeout,
                     step + " took longer than " + std::to_string(timeout.count()) + " ms");
  if (ec == asio::error::operation_aborted) throw boost::system::system_error(ec);
  throw FetchError(kind, failed + ": " + ec.message());
}

std::string key_of(const Target& target, const std::string& tls_key) {
  return target.origin() + "|" + tls_key;
}

// Asks the proxy for a tunnel to `target` (CONNECT host:port); throws
// FetchError(connect) when it answers anything but 2xx.
asio::awaitable<void> open_tunnel(beast::tcp_stream& stream, Connection& c, const Target& target,
                                  const ForwardProxy& via, std::chrono::milliseconds timeout) {
  namespace http = beast::http;
  const std::string authority = target.host_header().find(':') == std::string::npos
                                    ? target.host_header() + ":" + std::to_string(target.port)
                                    : target.host_header();
  http::request<http::empty_body> connect_request(http::verb::connect, authority, 11);
  connect_request.set(http::field::host, authority);
  if (!via.authorization.empty())
    connect_request.set(http::field::proxy_authorization, via.authorization);
  boost::system::error_code ec;
  co_await http::async_write(stream, connect_request,
                             asio::redirect_error(asio::use_awaitable, ec));
  http::response_parser<http::empty_body> answer;
  answer.skip(true);  // a CONNECT's answer has no body: the tunnel follows
  if (!ec)
    co_await http::async_read_header(stream, c.buffer, answer,
                                     asio::redirect_error(asio::use_awaitable, ec));
  const std::string who = "the proxy " + via.proxy.host_header();
  throw_if_failed(ec, FetchError::Kind::connect, "connecting through " + who,
                  "a tunnel through " + who, timeout);
  const unsigned status = answer.get().result_int();
  if (status < 200 || status > 299)
    throw FetchError(FetchError::Kind::connect, who + " refused a tunnel to " + authority + ": " +
                                                    std::to_string(status) + " " +
                                                    std::string(answer.get().reason()));
}

asio::awaitable<std::unique_ptr<Connection>> connect(const Target& target,
                                                     std::shared_ptr<asio::ssl::context> tls,
                                                     std::chrono::milliseconds timeout,
                                                     bool public_only, const ForwardProxy* via) {
  // The lookup and the rest of connecting share connect_timeout.
  const auto started = std::chrono::steady_clock::now();
  const Endpoints endpoints = co_await resolve(target.host, target.port, timeout);
  if (public_only)
    for (const asio::ip::tcp::endpoint& e : endpoints)
      if (!is_public_address(e.address()))
        throw FetchError(FetchError::Kind::forbidden, "refused to call " + target.host_header() +
                                                          ": it is " + e.address().to_string() +
                                                          ", not a public address");
  // Through a proxy, the target's addresses only serve the check above.
  // (Not a conditional expression: GCC 12 destroys a co_await's result
  // twice inside one.)
  Endpoints first_hop = endpoints;
  if (via != nullptr) first_hop = co_await resolve(via->proxy.host, via->proxy.port, timeout);
  const auto left = timeout - std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now() - started);
  const auto ex = co_await asio::this_coro::executor;
  auto c = std::make_unique<Connection>();
  beast::tcp_stream* stream = nullptr;
  if (target.tls) {
    c->tls.emplace(ex, *tls);
    stream = &c->tls->next_layer();
  } else {
    c->plain.emplace(ex);
    stream = &*c->plain;
  }
  stream->expires_after(std::max(left, std::chrono::milliseconds(1)));
  boost::system::error_code ec;
  co_await stream->async_connect(first_hop, asio::redirect_error(asio::use_awaitable, ec));
  const std::string who =
      via == nullptr ? target.host_header()
                     : target.host_header() + " through the proxy " + via->proxy.host_header();
  throw_if_failed(ec, FetchError::Kind::connect, "connecting to " + who,
                  "could not connect to " + who, timeout);
  stream->socket().set_option(asio::ip::tcp::no_delay(true));
  if (via != nullptr && target.tls) {
    co_await open_tunnel(*stream, *c, target, *via, timeout);
  } else if (via != nullptr) {
    c->absolute_form = true;
    c->proxy_authorization = via->authorization;
  }
  if (target.tls) {
    // SNI, and the certificate must name the host (or its address).
    boost::system::error_code not_an_address;
    (void)asio::ip::make_address(target.host, not_an_address);
    if (not_an_address) SSL_set_tlsext_host_name(c->tls->native_handle(), target.host.c_str());
    c->tls->set_verify_callback(asio::ssl::host_name_verification(target.host));
    co_await c->tls->async_handshake(asio::ssl::stream_base::client,
                                     asio::redirect_error(asio::use_awaitable, ec));
    throw_if_failed(ec, FetchError::Kind::tls, "the TLS handshake with " + who,
                    "TLS with " + who + " failed", timeout);
  }
  stream->expires_never();
  co_return c;
}

}  // namespace

asio::awaitable<std::unique_ptr<Connection>> ConnectionPool::acquire(
    const Target& target, const std::string& tls_key, std::shared_ptr<asio::ssl::context> tls,
    std::chrono::milliseconds connect_timeout, bool public_only, const ForwardProxy* via) {
  const std::string key = key_of(target, tls_key);
  for (;;) {
    Origin& origin = origins_[key];
    while (!origin.idle.empty()) {
      std::unique_ptr<Connection> c = std::move(origin.idle.back());
      origin.idle.pop_back();
      if (Clock::now() - c->idle_since < limits.idle && still_usable(*c)) {
        c->reused = true;
        co_return c;
      }
      --origin.open;  // closed by the server, or idle too long
    }
    if (origin.open < limits.per_origin) {
      ++origin.open;
      try {
        co_return co_await connect(target, tls, connect_timeout, public_only, via);
      } catch (...) {
        Origin& o = origins_[key];
        --o.open;
        wake_one(o);
        throw;
      }
    }
    // Every connection is busy: wait for one to come back or close. The
    // timer never expires; give_back/discard cancel it, so does a deadline.
    Waiter waiter{asio::steady_timer(co_await asio::this_coro::executor, Clock::time_point::max())};
    origin.waiters.push_back(&waiter);
    auto self = std::prev(origin.waiters.end());
    boost::system::error_code ec;
    co_await waiter.wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (!waiter.woken) {  // a cancellation from outside (a deadline)
      origins_[key].waiters.erase(self);
      throw boost::system::system_error(asio::error::operation_aborted);
    }
  }
}

void ConnectionPool::wake_one(Origin& origin) {
  if (origin.waiters.empty()) return;
  Waiter* waiter = origin.waiters.front();
  origin.waiters.pop_front();
  waiter->woken = true;
  waiter->wake.cancel();
}

void ConnectionPool::give_back(const Target& target, const std::string& tls_key,
                               std::unique_ptr<Connection> connection) {
  Origin& origin = origins_[key_of(target, tls_key)];
  connection->idle_since = Clock::now();
  origin.idle.push_back(std::move(connection));
  wake_one(origin);
}

void ConnectionPool::discard(const Target& target, const std::string& tls_key,
                             std::unique_ptr<Connection> connection) {
  Origin& origin = origins_[key_of(target, tls_key)];
  connection.reset();  // closes it
  --origin.open;
  wake_one(origin);
}

std::size_t ConnectionPool::open_connections(const std::string& origin_key) const {
  auto it = origins_.find(origin_key);
  return it == origins_.end() ? 0 : it->second.open;
}

ConnectionPool& worker_pool() {
  thread_local ConnectionPool pool;
  return pool;
}

}  // namespace spur::fetch_detail
