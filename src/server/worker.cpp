#include "worker.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <memory>

#include "listener.hpp"
#include "session.hpp"

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

Worker::Worker(const Handler& handler, const ServerOptions& options, const tcp::endpoint& endpoint)
    : handler_(&handler),
      options_(&options),
      // Every socket operation runs on this worker's thread: the reactor needs
      // no locks. Cross-thread work (stop, offload results) is posted.
      io_(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO),
      acceptor_(options.listen_fd >= 0
                    ? tcp::acceptor(io_, endpoint.protocol(), ::dup(options.listen_fd))
                    : net::open_listener(io_, endpoint, options.backlog)),
      tick_(io_),
      grace_(io_),
      accept_retry_(io_),
      tick_interval_(tick_for(options.timeouts)) {}

Worker::~Worker() {
  join();
  close_all();
  while (sessions_) remove(sessions_);
}

void Worker::start() {
  accept();
  arm_tick();
  thread_ = std::thread([this] {
    detail::set_current_scheduler(this);
    io_.run();
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
  acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
      // Out of descriptors or memory: back off briefly rather than spin.
      std::fprintf(stderr, "spur: accept failed: %s\n", ec.message().c_str());
      accept_retry_.expires_after(std::chrono::milliseconds(50));
      accept_retry_.async_wait([this](const boost::system::error_code& e) {
        if (!e && acceptor_.is_open()) accept();
      });
      return;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto* s = new Session(*this, std::move(socket));
    s->next_ = sessions_;
    if (sessions_) sessions_->prev_ = s;
    sessions_ = s;
    ++session_count_;
    s->start();
    s->release_if_done();
    accept();
  });
}

void Worker::remove(Session* s) noexcept {
  if (s->prev_)
    s->prev_->next_ = s->next_;
  else
    sessions_ = s->next_;
  if (s->next_) s->next_->prev_ = s->prev_;
  delete s;
  --session_count_;
  if (draining_ && session_count_ == 0) {
    tick_.cancel();
    grace_.cancel();
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
  for (Session* s = sessions_; s;) {
    Session* next = s->next_;  // s may be deleted by its own release
    s->check_deadline(now);
    s->release_if_done();
    s = next;
  }
  if (!(draining_ && session_count_ == 0)) arm_tick();
}

void Worker::drain() {
  if (draining_) return;
  draining_ = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  accept_retry_.cancel();
  for (Session* s = sessions_; s;) {
    Session* next = s->next_;
    s->drain();
    s->release_if_done();
    s = next;
  }
  if (session_count_ == 0) {
    tick_.cancel();
    return;
  }
  grace_.expires_after(options_->timeouts.shutdown_grace);
  grace_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) cut();
  });
}

void Worker::cut() {
  close_all();
  if (session_count_ == 0) {
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

void Worker::close_all() noexcept {
  for (Session* s = sessions_; s;) {
    Session* next = s->next_;
    s->close();
    s->release_if_done();
    s = next;
  }
}

void Worker::resume_after(std::chrono::nanoseconds delay, std::coroutine_handle<> h) {
  auto timer = std::make_shared<asio::steady_timer>(io_, delay);
  timer->async_wait([timer, h](const boost::system::error_code&) { h.resume(); });
}

void Worker::resume_soon(std::coroutine_handle<> h) {
  asio::post(io_, [h] { h.resume(); });
}

}  // namespace spur::server
