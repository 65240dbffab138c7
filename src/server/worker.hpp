#pragma once
// One worker thread: an event loop, a listener, the connections it accepted
// (owned here, in an intrusive list), and one coarse timer that enforces
// every connection's deadline (cheaper than a timer per connection re-armed
// on every request). It is the core's Scheduler for the handlers it runs.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/intrusive/list.hpp>
#include <chrono>
#include <cstddef>
#include <thread>

#include "connection_budget.hpp"
#include "session.hpp"
#include "spur/core/handler.hpp"
#include "spur/core/log.hpp"
#include "spur/core/sleep.hpp"
#include "spur/core/thread_pool.hpp"
#include "spur/http/body_budget.hpp"
#include "spur/server/server.hpp"

namespace spur::server {

class Worker final : private detail::Scheduler {
 public:
  using clock = std::chrono::steady_clock;

  // Binds this worker's listener; throws std::system_error when it cannot.
  Worker(const Handler& handler, const ServerOptions& options, detail::ThreadPool& pool,
         ConnectionBudget& connections, http::BodyBudget& bodies,
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
  Logger& log() const noexcept { return options_->log ? *options_->log : default_logger(); }
  bool draining() const noexcept { return draining_; }
  boost::asio::io_context& io() noexcept { return io_; }
  http::BodyBudget& body_budget() const noexcept { return *bodies_; }

  // Deletes `s` if it has closed and nothing refers to it any more. Sessions
  // call it last in every completion handler.
  void release(Session& s) noexcept;

 private:
  using Sessions = boost::intrusive::list<Session, boost::intrusive::constant_time_size<true>>;

  void accept();
  // A new connection's session.
  void serve(boost::asio::ip::tcp::socket socket);
  // Serves every connection waiting in the listener's queue (at drain).
  void take_queued();
  // At the connection limit: stop accepting, and close the longest-held idle
  // keep-alive connection (if any) to make room.
  void pause_accepting();
  void resume_accepting();
  void log_accept_failure(const boost::system::error_code& ec);
  void arm_tick();
  void on_tick();
  void drain();
  // The end of the grace period (or a second signal): close every connection,
  // and stop the loop a moment later even if handlers are still running.
  void cut();
  // Calls `f(session)` for each session, then releases it if done.
  template <typename F>
  void for_each_session(F f);

  // detail::Scheduler
  void resume_after(std::chrono::nanoseconds delay, std::coroutine_handle<> h) override;
  void post(std::function<void()> f) override;
  bool offload(std::function<void()> job) override;
  void* io_context() noexcept override { return &io_; }

  const Handler* handler_;
  const ServerOptions* options_;
  detail::ThreadPool* pool_;
  ConnectionBudget* connections_;
  http::BodyBudget* bodies_;
  bool accept_paused_ = false;
  clock::time_point last_accept_failure_log_{};
  std::size_t accept_failures_unlogged_ = 0;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer tick_;
  boost::asio::steady_timer grace_;
  boost::asio::steady_timer accept_retry_;
  std::chrono::milliseconds tick_interval_;
  Sessions sessions_;  // owned: disposed of with delete
  bool draining_ = false;
  std::thread thread_;
};

}  // namespace spur::server
