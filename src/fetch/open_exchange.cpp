// Where an exchange starts: a pooled connection, and the one retry a stale
// pooled connection allows.
#include "exchange.hpp"
#include "spur/fetch/fetch_error.hpp"

namespace asio = boost::asio;

namespace spur::fetch_detail {
namespace {

// What a pooled connection must match besides its origin.
std::string pool_key_of(const FetchOptions& o) {
  return o.ca_file + '\n' + o.client_certificate_file + '\n' + o.client_key_file +
         (o.refuse_private_addresses ? "\npublic" : "");
}

}  // namespace

bool idempotent(std::string_view method) noexcept {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "PUT" ||
         method == "DELETE" || method == "TRACE";
}

asio::awaitable<Lease> lease_for(const Target& target, const FetchOptions& options) {
  std::shared_ptr<asio::ssl::context> tls;
  if (target.tls)
    tls = tls_context(options.ca_file, options.client_certificate_file, options.client_key_file);
  std::string key = pool_key_of(options);
  const std::optional<ForwardProxy> via = proxy_for(target, options.proxy);
  if (via) key.append("\nvia ").append(via->proxy.origin()).append(via->authorization);
  std::unique_ptr<Connection> c =
      co_await worker_pool().acquire(target, key, tls, options.connect_timeout,
                                     options.refuse_private_addresses, via ? &*via : nullptr);
  co_return Lease(target, std::move(key), std::move(c));
}

asio::awaitable<std::unique_ptr<Exchange>> open_exchange(const Target& target,
                                                         const NextRequest& request,
                                                         const FetchOptions& options,
                                                         bool as_proxy) {
  std::optional<std::size_t> body_limit;
  if (!options.stream_body) body_limit = options.max_response_bytes;
  for (int attempt = 0;; ++attempt) {
    auto x = std::make_unique<Exchange>(co_await lease_for(target, options), options.read_timeout);
    try {
      co_await x->send(request, options, as_proxy);
      co_await x->read_head(request.method == "HEAD", body_limit);
      co_return x;
    } catch (const StaleConnection& e) {
      if (attempt > 0 || !idempotent(request.method))
        throw FetchError(FetchError::Kind::protocol,
                         target.host_header() + " closed the connection: " + e.what());
    }
  }
}

}  // namespace spur::fetch_detail
