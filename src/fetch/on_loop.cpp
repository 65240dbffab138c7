#include "on_loop.hpp"

#include <stdexcept>

#include "spur/core/sleep.hpp"
#include "spur/fetch/fetch_error.hpp"

namespace asio = boost::asio;

namespace spur::fetch_detail {

Bounded::Bounded(asio::io_context& io, Bounds bounds)
    : bounds_(std::move(bounds)), deadline_(io), watch_(io) {}

std::shared_ptr<Bounded> Bounded::start(asio::io_context& io, Bounds bounds) {
  auto call = std::make_shared<Bounded>(io, std::move(bounds));
  if (call->bounds_.timeout) {
    call->deadline_.expires_after(*call->bounds_.timeout);
    call->deadline_.async_wait([call](const boost::system::error_code& ec) {
      if (!ec) call->stop(Why::timeout);
    });
  }
  if (call->bounds_.gone) call->watch_client();
  return call;
}

void Bounded::stop(Why reason) {
  if (done_ || why_ != Why::none) return;
  why_ = reason;
  cancel_.emit(asio::cancellation_type::terminal);
}

void Bounded::watch_client() {
  watch_.expires_after(std::chrono::milliseconds(50));
  watch_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->done_) return;
    if (self->bounds_.gone->load(std::memory_order_relaxed))
      self->stop(Why::client_gone);
    else
      self->watch_client();
  });
}

std::exception_ptr Bounded::finish(std::exception_ptr error) {
  done_ = true;
  deadline_.cancel();
  watch_.cancel();
  if (error && why_ == Why::timeout)
    return std::make_exception_ptr(FetchError(
        FetchError::Kind::timeout, bounds_.what + " did not answer within " +
                                       std::to_string(bounds_.timeout->count()) + " ms"));
  if (error && why_ == Why::client_gone)
    return std::make_exception_ptr(
        FetchError(FetchError::Kind::cancelled,
                   "the client went away; the call to " + bounds_.what + " was abandoned"));
  return error;
}

asio::io_context& worker_loop() {
  detail::Scheduler* s = detail::current_scheduler();
  auto* io = s == nullptr ? nullptr : static_cast<asio::io_context*>(s->io_context());
  if (io == nullptr)
    throw std::logic_error(
        "spur::fetch needs a server worker's loop; in in-process tests, answer it with "
        "spur::testing::FakeFetch");
  return *io;
}

}  // namespace spur::fetch_detail
