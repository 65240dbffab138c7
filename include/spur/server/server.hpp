#pragma once
// The HTTP/1.1 server: N worker threads, each with its own event loop and its
// own SO_REUSEPORT listener, serving one Handler. It answers /_spur/live and
// /_spur/ready itself, tells systemd (NOTIFY_SOCKET) when it is ready and
// when it stops, and adopts a socket systemd activated it with.
//
//   spur::Server server(handler, {.port = 3000});
//   return server.run();   // until SIGINT/SIGTERM, then a graceful drain; 0
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "spur/core/handler.hpp"
#include "spur/core/log.hpp"
#include "spur/http/limits.hpp"
#include "spur/http/request_reader.hpp"

namespace spur {

struct ServerOptions {
  std::string hostname = "0.0.0.0";  // an IPv4 or IPv6 address, or a name to resolve
  std::uint16_t port = 3000;         // 0 picks a free port; see Server::port()
  unsigned workers = 0;              // 0: one per core
  http::Limits limits;
  http::Timeouts timeouts;
  int backlog = 1024;
  // Connections the process holds at once (all workers); at the limit the
  // workers stop accepting (new clients wait in the backlog) and close their
  // longest-held idle keep-alive connection to make room. Lowered to what the
  // open-files limit allows, which start() raises to its hard limit.
  std::size_t max_connections = 10000;
  // Memory the buffered request bodies of all connections may hold together
  // (each is also bounded by limits.max_body_bytes). A request whose body
  // would not fit is answered 503 with Retry-After before its body is read.
  std::size_t max_body_memory = 128 * 1024 * 1024;
  // SIGINT/SIGTERM start a graceful stop in run(). They are caught from
  // start() on; set false when the embedding program handles signals itself.
  bool handle_signals = true;
  // An already listening socket to adopt instead of binding one (e.g. inherited
  // from `spur dev`'s supervisor, so the port outlives a restarted server):
  // used by one worker; -1 binds as usual. A socket systemd passes (socket
  // activation: LISTEN_FDS, LISTEN_PID) is adopted by start() when this is
  // -1, and shared by all the workers.
  int listen_fd = -1;
  // After SIGTERM/SIGINT, how long to keep serving while /_spur/ready
  // answers 503, so that a load balancer stops sending new requests before
  // the listeners close (its check interval times the failures it needs).
  std::chrono::milliseconds drain_delay{0};
  // Which requests' bodies the handler reads as they arrive (Request::
  // body_stream()) instead of whole: the body limit for such a request (0:
  // Limits::max_streamed_body_bytes), nullopt for a buffered body. Called
  // on a worker thread once per head with a body; App::body_policy().
  http::RequestReader::BodyPolicy body_policy;
  // Threads for spur::offload's blocking work; 0: one per core, at least two.
  unsigned offload_threads = 0;
  // Jobs spur::offload may queue beyond those running; when full, offload()
  // throws HttpError 503 (with Retry-After) instead of queuing without bound.
  std::size_t offload_queue = 1024;
  // Where the server's own lines go (a failed accept, a stream that broke);
  // null: default_logger(). The app main passes the app's logger.
  Logger* log = nullptr;
};

class Server final {
 public:
  Server(Handler handler, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds every worker's listener and starts the threads. Throws
  // std::system_error when the address cannot be bound.
  void start();
  // The bound port (useful with port 0), valid after start().
  std::uint16_t port() const noexcept;
  // The connection limit in force: ServerOptions::max_connections, lowered
  // to what the open-files limit allows (valid after start()).
  std::size_t max_connections() const noexcept;
  // Graceful stop, from any thread: stop accepting, close idle connections,
  // let in-flight requests finish (their responses say Connection: close),
  // cut what is left after Timeouts::shutdown_grace.
  void stop() noexcept;
  // Blocks until every worker has finished.
  void wait();
  // start() unless already started, then serve until SIGINT or SIGTERM
  // (or stop()), then stop() and wait().
  // A second signal cuts the grace period short. Returns the exit status (0).
  // Meanwhile, every few seconds, it gives back to the system what the
  // allocator holds free after a burst (server/memory_trim.hpp).
  int run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spur
