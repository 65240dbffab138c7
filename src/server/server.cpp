#include "spur/server/server.hpp"

#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "connection_budget.hpp"
#include "health.hpp"
#include "listener.hpp"
#include "memory_trim.hpp"
#include "systemd.hpp"
#include "worker.hpp"

namespace spur {

namespace asio = boost::asio;

namespace {
// How often run() offers freed memory back to the system, and how much must
// be free before it does.
constexpr auto trim_interval = std::chrono::seconds(5);
constexpr std::size_t trim_threshold = 16 * 1024 * 1024;
}  // namespace

struct Server::Impl {
  server::Health health;  // before the handler, which refers to it
  Handler handler;
  ServerOptions options;
  // Counted by every worker, so declared before them: they outlive them.
  std::optional<server::ConnectionBudget> connections;
  std::optional<http::BodyBudget> bodies;
  std::vector<std::unique_ptr<server::Worker>> workers;
  // Blocking work for spur::offload. Declared after the workers, so it is
  // joined first: a job that finishes late still posts to a live loop.
  std::optional<detail::ThreadPool> pool;
  std::uint16_t port = 0;
  // Installed by start(), before the port is announced, so a SIGTERM that
  // arrives before run() is queued for it instead of killing the process.
  asio::io_context signal_io{1};
  std::optional<asio::signal_set> signals;
};

Server::Server(Handler handler, ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->handler = server::with_health_probes(std::move(handler), impl_->health);
  impl_->options = std::move(options);
}

Server::~Server() {
  if (!impl_->workers.empty()) {
    stop();
    wait();
  }
}

void Server::start() {
  std::signal(SIGPIPE, SIG_IGN);  // a peer that vanished is an error code, not a signal
  if (impl_->options.handle_signals) impl_->signals.emplace(impl_->signal_io, SIGINT, SIGTERM);
  ServerOptions& o = impl_->options;
  unsigned n = o.workers ? o.workers : std::max(1u, std::thread::hardware_concurrency());
  auto endpoint = server::resolve_endpoint(o.hostname, o.port);
  bool activated = false;
  if (o.listen_fd < 0)
    if (const std::optional<int> fd = server::inherited_listener()) {
      o.listen_fd = *fd;
      activated = true;  // every worker accepts on it
    }
  if (o.listen_fd >= 0) {
    if (!activated) n = 1;  // spur dev's host: one worker on its supervisor's socket
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(o.listen_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      endpoint.resize(length);
      std::memcpy(endpoint.data(), &address, length);
    }
  } else {
    server::ensure_available(endpoint);
  }
  impl_->pool.emplace(
      o.offload_threads ? o.offload_threads : std::max(2u, std::thread::hardware_concurrency()),
      o.offload_queue);
  impl_->connections.emplace(
      server::connection_limit(o.max_connections, server::raise_open_files_limit(), n));
  impl_->bodies.emplace(o.max_body_memory);
  for (unsigned i = 0; i < n; ++i) {
    impl_->workers.push_back(std::make_unique<server::Worker>(
        impl_->handler, o, *impl_->pool, *impl_->connections, *impl_->bodies, endpoint));
    // With port 0 the first listener picks the port; the others join it.
    if (i == 0) endpoint.port(impl_->workers.front()->port());
  }
  impl_->port = endpoint.port();
  for (auto& w : impl_->workers) w->start();
  impl_->health.set(server::Health::State::ready);
  server::notify_supervisor("READY=1");
}

std::uint16_t Server::port() const noexcept { return impl_->port; }

std::size_t Server::max_connections() const noexcept {
  return impl_->connections ? impl_->connections->limit() : impl_->options.max_connections;
}

void Server::stop() noexcept {
  impl_->health.set(server::Health::State::draining);
  for (auto& w : impl_->workers) w->stop();
}

void Server::wait() {
  for (auto& w : impl_->workers) w->join();
}

int Server::run() {
  server::return_large_blocks();
  if (impl_->workers.empty()) start();
  asio::io_context& signal_io = impl_->signal_io;
  int received = 0;
  // The first signal: not ready at once, serving on for the drain delay (a
  // load balancer notices), then the graceful stop; a second: cut at once.
  asio::steady_timer drain_timer(signal_io);
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& ec, int) {
        if (ec) return;
        if (++received == 1) {
          impl_->health.set(server::Health::State::draining);
          server::notify_supervisor("STOPPING=1");
          drain_timer.expires_after(impl_->options.drain_delay);
          drain_timer.async_wait([this](const boost::system::error_code& e) {
            if (!e) stop();
          });
        } else {
          drain_timer.cancel();
          stop();
          for (auto& w : impl_->workers) w->force_stop();
        }
        impl_->signals->async_wait(on_signal);
      };
  if (impl_->signals) impl_->signals->async_wait(on_signal);
  asio::steady_timer trim_timer(signal_io);
  std::function<void(const boost::system::error_code&)> on_trim =
      [&](const boost::system::error_code& ec) {
        if (ec) return;
        server::return_free_memory(trim_threshold);
        trim_timer.expires_after(trim_interval);
        trim_timer.async_wait(on_trim);
      };
  trim_timer.expires_after(trim_interval);
  trim_timer.async_wait(on_trim);
  std::thread waiter([&] {
    wait();
    signal_io.stop();
  });
  auto guard = asio::make_work_guard(signal_io);
  signal_io.run();
  waiter.join();
  trim_timer.cancel();
  drain_timer.cancel();
  impl_->signals.reset();
  return 0;
}

}  // namespace spur
