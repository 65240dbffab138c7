#include "spur/core/body_stream.hpp"

#include "spur/core/http_error.hpp"

namespace spur {
namespace {
struct Park {
  detail::BodySource* source;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> h) const { source->park(h); }
  void await_resume() const noexcept {}
};
}  // namespace

Async<std::string_view> BodyStream::read() {
  if (!source_) {
    if (buffered_taken_) co_return std::string_view();
    buffered_taken_ = true;
    received_ = buffered_.size();
    co_return buffered_;
  }
  for (;;) {
    std::string_view piece;
    const detail::BodySource::Status status = source_->next(piece);
    if (status == detail::BodySource::Status::data) {
      received_ += piece.size();
      co_return piece;
    }
    if (status == detail::BodySource::Status::end) co_return std::string_view();
    if (status == detail::BodySource::Status::error)
      throw HttpError(source_->error_status(), source_->error_message());
    Park park{source_};
    co_await park;
  }
}

}  // namespace spur
