#pragma once
// One connection to an origin, plain or TLS, with the bytes read past the
// last response; and the per-worker pool that keeps them between calls.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "forward_proxy.hpp"
#include "target.hpp"

namespace spur::fetch_detail {

struct Connection {
  std::optional<boost::beast::tcp_stream> plain;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls;
  boost::beast::flat_buffer buffer;
  std::chrono::steady_clock::time_point idle_since;
  bool reused = false;  // it served a call before this one
  // Through a forward proxy to an http origin: requests name the whole URL
  // and carry the proxy's credentials.
  bool absolute_form = false;
  std::string proxy_authorization;

  boost::beast::tcp_stream& lowest() { return tls ? tls->next_layer() : *plain; }
};

struct PoolLimits {
  std::size_t per_origin = 64;  // connections open to one origin, per worker
  std::chrono::seconds idle{30};
};

// The connections of one worker, by origin (and TLS settings). Not locked:
// only its worker's thread uses it.
class ConnectionPool {
 public:
  // A connection to `target`: an idle one still open, else a new one once
  // fewer than per_origin are open (waiting until then). Throws
  // FetchError(resolve, connect, tls, timeout, forbidden). `tls_key` holds
  // what else a connection must match (TLS files, public_only, the proxy).
  // `via`: the forward proxy to go through, or null.
  boost::asio::awaitable<std::unique_ptr<Connection>> acquire(
      const Target& target, const std::string& tls_key,
      std::shared_ptr<boost::asio::ssl::context> tls, std::chrono::milliseconds connect_timeout,
      bool public_only, const ForwardProxy* via);
  // A connection whose last response was read to its end and allows reuse.
  void give_back(const Target& target, const std::string& tls_key,
                 std::unique_ptr<Connection> connection);
  // A connection that will not be reused (an error, Connection: close, a
  // response not read to its end).
  void discard(const Target& target, const std::string& tls_key,
               std::unique_ptr<Connection> connection);

  std::size_t open_connections(const std::string& origin_key) const;
  PoolLimits limits;

 private:
  struct Waiter {
    boost::asio::steady_timer wake;
    bool woken = false;
  };
  struct Origin {
    std::list<std::unique_ptr<Connection>> idle;  // most recent last
    std::size_t open = 0;
    std::list<Waiter*> waiters;
  };
  void wake_one(Origin& origin);
  std::map<std::string, Origin> origins_;
};

// This worker thread's pool.
ConnectionPool& worker_pool();

// The TLS client context for these settings (system CA store unless
// ca_file), one per worker and settings; throws FetchError(tls) when a file
// cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> tls_context(const std::string& ca_file,
                                                       const std::string& certificate_file,
                                                       const std::string& key_file);

}  // namespace spur::fetch_detail
