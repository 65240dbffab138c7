#include "spur/http/request_reader.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "spur/http/char_class.hpp"

namespace spur::http {
namespace {
constexpr std::size_t initial_capacity = 8 * 1024;
// After a large body, a buffer this big is given back once it is idle, so a
// single upload does not pin megabytes to a keep-alive connection.
constexpr std::size_t retained_capacity = 64 * 1024;

// Whether `bytes` (the start of a head, no line complete yet) can still begin
// a request line: optional CRLFs, then a method token up to its space. Bytes
// that cannot (a TLS ClientHello, 0x16 0x03 …) are parsed at once, so they
// get their 400 now instead of waiting for the header timeout.
bool could_begin_request(std::string_view bytes) noexcept {
  std::size_t i = 0;
  while (i < bytes.size() && (bytes[i] == '\r' || bytes[i] == '\n')) ++i;
  for (; i < bytes.size() && bytes[i] != ' '; ++i)
    if (!detail::is_tchar(bytes[i])) return false;
  return true;
}

void rebase(std::string_view& v, const char* from, std::size_t len, char* to) {
  if (v.data() >= from && v.data() <= from + len) v = {to + (v.data() - from), v.size()};
}
}  // namespace

RequestReader::RequestReader(const Limits& limits)
    : limits_(&limits),
      fields_(limits.max_header_count),
      chunked_(limits),
      head_limits_(limits),
      body_limits_(limits) {}

RequestReader::~RequestReader() {
  if (budget_) budget_->refund(charged_);
}

void RequestReader::set_budget(BodyBudget* budget) noexcept {
  if (budget_) budget_->refund(std::exchange(charged_, 0));
  budget_ = budget;
  account();
}

void RequestReader::account() noexcept {
  if (!budget_) return;
  const std::size_t due = capacity_ > initial_capacity ? capacity_ - initial_capacity : 0;
  if (due > charged_) budget_->charge(due - charged_);
  if (due < charged_) budget_->refund(charged_ - due);
  charged_ = due;
}

std::size_t RequestReader::capacity_for(std::size_t total) const noexcept {
  if (buf_ && capacity_ >= total) return capacity_;  // fits, perhaps after moving down
  return std::max({total, initial_capacity, capacity_ * 2});
}

bool RequestReader::affordable(std::size_t total) const noexcept {
  const std::size_t wanted = capacity_for(total);
  return !budget_ || wanted <= capacity_ || budget_->has_room(wanted - capacity_);
}

void RequestReader::set_body_policy(BodyPolicy policy) {
  policy_ = std::move(policy);
  // The body limit then depends on the route: checked once the head is parsed.
  head_limits_.max_body_bytes = policy_ ? UINT64_MAX : limits_->max_body_bytes;
}

RequestReader::Phase RequestReader::phase() const noexcept {
  switch (state_) {
    case State::head: return begin_ == size_ ? Phase::idle : Phase::head;
    case State::content_length_body:
    case State::chunked_body:
    case State::streamed_length_body:
    case State::streamed_chunked_body: return Phase::body;
    default: return Phase::ready;
  }
}

void RequestReader::reserve(std::size_t total) {
  if (buf_ && capacity_ - begin_ >= total) return;
  const std::size_t live = size_ - begin_;
  char* old_base = buf_.get() + begin_;
  std::unique_ptr<char[]> fresh;
  char* new_base;
  if (!buf_ || capacity_ < total) {
    std::size_t cap = std::max({total, initial_capacity, capacity_ * 2});
    fresh.reset(new char[cap]);
    capacity_ = cap;
    new_base = fresh.get();
    if (live) std::memcpy(new_base, old_base, live);
  } else {
    new_base = buf_.get();
    std::memmove(new_base, old_base, live);
  }
  // Views of a head already parsed move with their bytes.
  if (state_ != State::head && state_ != State::failed) {
    for (Header& h : fields_) {
      rebase(h.name, old_base, live, new_base);
      rebase(h.value, old_base, live, new_base);
    }
    for (std::string_view* v :
         {&head_.method_token, &head_.target, &head_.path, &head_.query, &head_.host})
      rebase(*v, old_base, live, new_base);
    head_.headers = std::span<const Header>(fields_.data(), head_.headers.size());
  }
  if (fresh) {
    buf_ = std::move(fresh);
    account();
  }
  size_ -= begin_;
  body_begin_ -= std::min(body_begin_, begin_);
  raw_pos_ -= std::min(raw_pos_, begin_);
  end_ -= std::min(end_, begin_);
  scanned_ -= std::min(scanned_, begin_);
  begin_ = 0;
}

std::span<char> RequestReader::prepare(std::size_t min) {
  std::size_t want = min;
  if (state_ == State::content_length_body) {
    // Make room for the whole declared body (bounded by max_body_bytes), so
    // it arrives contiguous and is read in as few calls as the kernel allows.
    std::size_t body_end = body_begin_ + static_cast<std::size_t>(head_.content_length);
    if (body_end > size_) want = std::max(min, body_end - size_);
  } else if (state_ == State::streamed_length_body || state_ == State::streamed_chunked_body) {
    want = std::max<std::size_t>(min, 64 * 1024);  // large reads; the space is reused
  } else if (state_ == State::head && capacity_ > retained_capacity &&
             size_ - begin_ < initial_capacity) {
    std::size_t live = size_ - begin_;
    std::unique_ptr<char[]> small(new char[initial_capacity]);
    if (live) std::memcpy(small.get(), buf_.get() + begin_, live);
    buf_ = std::move(small);
    capacity_ = initial_capacity;
    account();
    size_ = live;
    scanned_ -= std::min(scanned_, begin_);
    begin_ = 0;
  }
  reserve(size_ - begin_ + want);
  return {buf_.get() + size_, capacity_ - size_};
}

RequestReader::Event RequestReader::next() noexcept {
  switch (state_) {
    case State::head: {
      if (begin_ == size_) return Event::need_more;
      // Re-parse only when a line has ended since the last try, or when the
      // bytes so far are long enough to break a limit: a client trickling one
      // byte at a time costs one memchr per read, not one parse.
      const std::size_t from = std::max(scanned_, begin_);
      const bool new_line = std::memchr(buf_.get() + from, '\n', size_ - from) != nullptr;
      const std::size_t have = size_ - begin_;
      if (!new_line && have <= std::min(limits_->max_target_bytes, limits_->max_header_bytes) &&
          could_begin_request({buf_.get() + begin_, have})) {
        scanned_ = size_;
        return Event::need_more;
      }
      ParseResult r = parse_request_head({buf_.get() + begin_, have}, head_limits_, head_, fields_);
      if (r.status == ParseStatus::incomplete) {
        scanned_ = size_;
        return Event::need_more;
      }
      if (r.status == ParseStatus::error) return fail(r.error);
      body_begin_ = begin_ + r.consumed;
      body_size_ = 0;
      continue_offered_ = false;
      if (head_.framing != BodyFraming::none && policy_) {
        if (std::optional<std::uint64_t> limit = policy_(head_)) return begin_streamed_body(*limit);
        if (head_.framing == BodyFraming::content_length &&
            head_.content_length > limits_->max_body_bytes)
          return fail(Error::body_too_large);
      }
      switch (head_.framing) {
        case BodyFraming::none:
          end_ = body_begin_;
          state_ = State::ready;
          return Event::request;
        case BodyFraming::content_length:
          if (!affordable(body_begin_ - begin_ + static_cast<std::size_t>(head_.content_length)))
            return fail(Error::body_memory_full);  // before a byte of it is read
          state_ = State::content_length_body;
          break;
        case BodyFraming::chunked:
          chunked_ = ChunkedDecoder(*limits_);
          raw_pos_ = body_begin_;
          state_ = State::chunked_body;
          break;
      }
      return next();
    }

    case State::content_length_body: {
      const auto need = static_cast<std::size_t>(head_.content_length);
      if (size_ - body_begin_ >= need) {
        body_size_ = need;
        end_ = body_begin_ + need;
        state_ = State::ready;
        return Event::request;
      }
      if (head_.expect_continue && !continue_offered_ && size_ == body_begin_) {
        continue_offered_ = true;
        return Event::send_continue;
      }
      return Event::need_more;
    }

    case State::chunked_body: {
      auto r = chunked_.decode({buf_.get() + raw_pos_, size_ - raw_pos_},
                               buf_.get() + body_begin_ + body_size_);
      raw_pos_ += r.consumed;
      body_size_ += r.produced;
      if (r.status == ChunkedDecoder::Status::error) return fail(r.error);
      if (r.status == ChunkedDecoder::Status::done) {
        end_ = raw_pos_;
        state_ = State::ready;
        return Event::request;
      }
      // The next read's space (prepare()'s 4 KiB) may have to grow the buffer.
      if (!affordable(size_ - begin_ + 4096)) return fail(Error::body_memory_full);
      if (head_.expect_continue && !continue_offered_ && raw_pos_ == body_begin_) {
        continue_offered_ = true;
        return Event::send_continue;
      }
      return Event::need_more;
    }

    case State::streamed_length_body:
    case State::streamed_chunked_body:
    case State::ready: return Event::request;
    case State::failed: return Event::error;
  }
  return Event::error;
}

RequestReader::Event RequestReader::begin_streamed_body(std::uint64_t limit) noexcept {
  const std::uint64_t ceiling = limits_->max_streamed_body_bytes;
  body_limits_.max_body_bytes = limit == 0 || limit > ceiling ? ceiling : limit;
  if (head_.framing == BodyFraming::content_length &&
      head_.content_length > body_limits_.max_body_bytes)
    return fail(Error::body_too_large);  // before a byte of it is read
  streamed_ = true;
  handed_ = 0;
  body_started_ = false;
  if (head_.framing == BodyFraming::content_length) {
    remaining_ = head_.content_length;
    state_ = State::streamed_length_body;
  } else {
    chunked_ = ChunkedDecoder(body_limits_);
    raw_pos_ = body_begin_;
    chunked_done_ = false;
    state_ = State::streamed_chunked_body;
  }
  return Event::request;
}

void RequestReader::compact(std::size_t from) noexcept {
  if (from == body_begin_) return;
  std::memmove(buf_.get() + body_begin_, buf_.get() + from, size_ - from);
  size_ = body_begin_ + (size_ - from);
}

RequestReader::BodyEvent RequestReader::next_body(std::string_view& piece) noexcept {
  if (state_ == State::failed) return BodyEvent::error;
  if (state_ == State::ready) return BodyEvent::end;
  if (state_ == State::streamed_length_body) {
    compact(body_begin_ + std::exchange(handed_, 0));
    if (remaining_ == 0) {
      end_ = body_begin_;
      state_ = State::ready;
      return BodyEvent::end;
    }
    const std::size_t have = size_ - body_begin_;
    if (have == 0) {
      if (head_.expect_continue && !continue_offered_ && !body_started_) {
        continue_offered_ = true;
        return BodyEvent::send_continue;
      }
      return BodyEvent::need_more;
    }
    body_started_ = true;
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(have, remaining_));
    remaining_ -= n;
    handed_ = n;
    piece = {buf_.get() + body_begin_, n};
    return BodyEvent::data;
  }
  if (state_ != State::streamed_chunked_body) return BodyEvent::error;
  // The raw bytes not decoded yet move down over the piece handed out.
  handed_ = 0;
  compact(raw_pos_);
  raw_pos_ = body_begin_;
  if (!chunked_done_) {
    auto r = chunked_.decode({buf_.get() + raw_pos_, size_ - raw_pos_}, buf_.get() + body_begin_);
    raw_pos_ += r.consumed;
    if (r.status == ChunkedDecoder::Status::error) {
      fail(r.error);
      return BodyEvent::error;
    }
    if (r.consumed) body_started_ = true;
    chunked_done_ = r.status == ChunkedDecoder::Status::done;
    if (r.produced) {
      handed_ = r.produced;
      piece = {buf_.get() + body_begin_, r.produced};
      return BodyEvent::data;
    }
  }
  if (chunked_done_) {
    compact(raw_pos_);  // the next request's bytes, if any, follow the head
    raw_pos_ = end_ = body_begin_;
    state_ = State::ready;
    return BodyEvent::end;
  }
  if (head_.expect_continue && !continue_offered_ && !body_started_) {
    continue_offered_ = true;
    return BodyEvent::send_continue;
  }
  return BodyEvent::need_more;
}

void RequestReader::abandon_body() noexcept {
  streamed_ = false;
  state_ = State::failed;
}

void RequestReader::release() noexcept {
  if (state_ != State::ready) return;
  begin_ = end_;
  scanned_ = begin_;
  state_ = State::head;
  body_size_ = 0;
  streamed_ = false;
  if (begin_ == size_) begin_ = size_ = scanned_ = end_ = body_begin_ = raw_pos_ = 0;
}

}  // namespace spur::http
