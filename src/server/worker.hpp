#pragma once
// One worker thread: an event loop, a listener, the connections it accepted,
// and one coarse timer that enforces every connection's deadline (cheaper
// than a timer per connection re-armed on every request).
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <thread>

#include "spur/core/handler.hpp"
#include "spur/core/sleep.hpp"
#include "spur/server/server.hpp"

namespace spur::server {

class Session;

class Worker final : private detail::Scheduler {
 public:
  using clock = std::chrono::steady_clock;

  // Binds this worker's listener; throws std::system_error when it cannot.
  Worker(const Handler& handler, const ServerOptions& options,
         const boost::asio::ip::tcp::endpoint& endpoint);
  ~Worker();

  void start();
  // Thread-safe: posts a graceful drain to this worker's loop.
  void stop() noexcept;
  // Thread-safe: posts an immediate close of every connection.
  void force_stop() noexcept;
  void join();
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  const Handler& handler() const noexcept { return *handler_; }
  const ServerOptions& options() const noexcept { return *options_; }
  bool draining() const noexcept { return draining_; }
  boost::asio::io_context& io() noexcept { return io_; }

  // Called by a session when it has no operation left; deletes it.
  void remove(Session* s) noexcept;

 private:
  void accept();
  void arm_tick();
  void on_tick();
  void drain();
  // The end of the grace period (or a second signal): close every connection,
  // and stop the loop a moment later even if handlers are still running.
  void cut();
  void close_all() noexcept;
  void resume_after(std::chrono::nanoseconds delay, std::coroutine_handle<> h) override;
  void resume_soon(std::coroutine_handle<> h) override;

  const Handler* handler_;
  const ServerOptions* options_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer tick_;
  boost::asio::steady_timer grace_;
  boost::asio::steady_timer accept_retry_;
  std::chrono::milliseconds tick_interval_;
  Session* sessions_ = nullptr;  // intrusive list: sessions own their links
  std::size_t session_count_ = 0;
  bool draining_ = false;
  std::thread thread_;
};

}  // namespace spur::server
