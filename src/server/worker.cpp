#include "worker.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <memory>

#include "listener.hpp"

namespace spur::server {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
// The tick must resolve the shortest timeout well; a quarter of it, bounded.
std::chrono::milliseconds tick_for(const http::Timeouts& t) {
  auto shortest = std::min({t.header, t.body, t.idle, t.write});
  return std::clamp<std::chrono::milliseconds>(shortest / 4, std::chrono::milliseconds(5),
                                               std::chrono::milliseconds(500));
}
}  // namespace

Worker::Worker(const Handler& handler, const ServerOptions& options, detail::ThreadPool& pool,
               ConnectionBudget& connections, http::BodyBudget& bodies,
               const tcp::endpoint& endpoint)
    : handler_(&handler),
      options_(&options),
      pool_(&pool),
      connections_(&connections),
      bodies_(&bodies),
      // Every socket operation runs on this worker's thread: the reactor needs
      // no locks. Cross-thread work (stop, offload results) is posted.
      io_(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO),
      acceptor_(options.listen_fd >= 0
                    ? tcp::acceptor(io_, endpoint.protocol(), ::dup(options.listen_fd))
                    : open_listener(io_, endpoint, options.backlog)),
      tick_(io_),
      grace_(io_),
      accept_retry_(io_),
      tick_interval_(tick_for(options.timeouts)) {}

Worker::~Worker() {
  join();
  for (Session& s : sessions_) s.close();
  sessions_.clear_and_dispose(std::default_delete<Session>());
}

void Worker::start() {
  accept();
  arm_tick();
  thread_ = std::thread([this] {
    detail::set_current_scheduler(this);
    io_.run();
    // Requests cut at the end of the grace period wait for events that will
    // never come: free them while their sessions still exist.
    detail::destroy_unfinished_spawns();
    detail::set_current_scheduler(nullptr);
  });
}

void Worker::join() {
  if (thread_.joinable()) thread_.join();
}

void Worker::stop() noexcept {
  asio::post(io_, [this] { drain(); });
}

void Worker::force_stop() noexcept {
  asio::post(io_, [this] {
    draining_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    cut();
  });
}

void Worker::accept() {
  if (!connections_->available()) {
    pause_accepting();
    return;
  }
  acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
      // Out of descriptors or memory: back off briefly rather than spin.
      log_accept_failure(ec);
      accept_retry_.expires_after(std::chrono::milliseconds(50));
      accept_retry_.async_wait([this](const boost::system::error_code& e) {
        if (!e && acceptor_.is_open()) accept();
      });
      return;
    }
    serve(std::move(socket));
    accept();
  });
}

void Worker::serve(tcp::socket socket) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  connections_->opened();
  auto session = std::make_unique<Session>(*this, std::move(socket));
  Session& s = *session;
  sessions_.push_back(*session.release());  // the list owns it from here
  s.start();
  release(s);
}

void Worker::take_queued() {
  if (options_->listen_fd >= 0) return;  // the socket's owner keeps its queue
  boost::system::error_code ec;
  acceptor_.non_blocking(true, ec);
  while (!ec) {
    tcp::socket socket(io_);
    acceptor_.accept(socket, ec);
    if (!ec) serve(std::move(socket));
  }
}

void Worker::pause_accepting() {
  accept_paused_ = true;
  for (Session& s : sessions_)  // accepted first, held longest
    if (s.idle()) {
      s.close();  // its release() resumes accepting
      return;
    }
}

void Worker::resume_accepting() {
  if (!accept_paused_ || draining_ || !acceptor_.is_open() || !connections_->available()) return;
  accept_paused_ = false;
  accept();
}

// One line a second at most: a descriptor shortage fails every accept.
void Worker::log_accept_failure(const boost::system::error_code& ec) {
  const auto now = clock::now();
  if (now - last_accept_failure_log_ < std::chrono::seconds(1)) {
    ++accept_failures_unlogged_;
    return;
  }
  std::string line = "accept failed: " + ec.message();
  if (accept_failures_unlogged_ > 0)
    line += " (and " + std::to_string(accept_failures_unlogged_) + " more in the last second)";
  log().error(line);
  last_accept_failure_log_ = now;
  accept_failures_unlogged_ = 0;
}

void Worker::release(Session& s) noexcept {
  if (!s.finished()) return;
  sessions_.erase_and_dispose(sessions_.iterator_to(s), std::default_delete<Session>());
  connections_->closed();
  resume_accepting();
  if (draining_ && sessions_.empty()) {
    tick_.cancel();
    grace_.cancel();
  }
}

template <typename F>
void Worker::for_each_session(F f) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    Session& s = *it++;  // `s` may be released (deleted) below
    f(s);
    release(s);
  }
}

void Worker::arm_tick() {
  tick_.expires_after(tick_interval_);
  tick_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) on_tick();
  });
}

void Worker::on_tick() {
  const auto now = clock::now();
  for_each_session([now](Session& s) { s.check_deadline(now); });
  resume_accepting();  // another worker's connections may have closed
  if (!(draining_ && sessions_.empty())) arm_tick();
}

void Worker::drain() {
  if (draining_) return;
  draining_ = true;
  // Closing a listener resets the connections waiting in its queue: serve
  // them instead (their responses say Connection: close).
  take_queued();
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  accept_retry_.cancel();
  for_each_session([](Session& s) { s.drain(); });
  if (sessions_.empty()) {
    tick_.cancel();
    return;
  }
  grace_.expires_after(options_->timeouts.shutdown_grace);
  grace_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) cut();
  });
}

void Worker::cut() {
  for_each_session([](Session& s) { s.close(); });
  if (sessions_.empty()) {
    tick_.cancel();
    grace_.cancel();
    return;
  }
  // Handlers still running hold their sessions; give them a moment, then
  // stop the loop regardless so the process can exit.
  grace_.expires_after(std::chrono::seconds(1));
  grace_.async_wait([this](const boost::system::error_code& e) {
    if (!e) io_.stop();
  });
}

void Worker::resume_after(std::chrono::nanoseconds delay, std::coroutine_handle<> h) {
  auto timer = std::make_shared<asio::steady_timer>(io_, delay);
  timer->async_wait([timer, h](const boost::system::error_code&) { h.resume(); });
}

void Worker::post(std::function<void()> f) { asio::post(io_, std::move(f)); }

bool Worker::offload(std::function<void()> job) { return pool_->submit(std::move(job)); }

}  // namespace spur::server
