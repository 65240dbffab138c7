#include "spur/http/chunked_decoder.hpp"

#include <algorithm>
#include <cstring>

#include "spur/http/char_class.hpp"
#include "spur/text/ascii.hpp"

namespace spur::http {
namespace {
// 16 hex digits fill 64 bits; more can only be padding or an overflow attempt.
constexpr std::size_t max_size_digits = 16;
}  // namespace

ChunkedDecoder::Result ChunkedDecoder::decode(std::string_view raw, char* out) noexcept {
  Result r;
  const char* p = raw.data();
  const char* const end = p + raw.size();
  auto fail = [&](Error e) {
    r.status = Status::error;
    r.error = e;
    r.consumed = static_cast<std::size_t>(p - raw.data());
    return r;
  };

  while (p < end) {
    const char ch = *p;
    switch (state_) {
      case State::size:
        // chunk-size = 1*HEXDIG
        if (detail::is_hex(ch)) {
          if (++size_digits_ > max_size_digits) return fail(Error::bad_chunk_size);
          chunk_size_ = (chunk_size_ << 4) | static_cast<std::uint64_t>(text::hex_value(ch));
          ++p;
          break;
        }
        if (size_digits_ == 0) return fail(Error::bad_chunk_size);
        if (ch == ' ' || ch == '\t') {
          // BWS after the size may lead only to ";" or the line's end: "5 6"
          // is neither 5 nor 0x56. Spending the digit budget makes any later
          // digit an error; the whitespace counts as extension bytes.
          if (++ext_bytes_ > limits_->max_chunk_extension_bytes)
            return fail(Error::bad_chunk_extension);
          size_digits_ = max_size_digits;
          ++p;
          break;
        }
        if (ch == ';') {
          // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )
          state_ = State::size_ext;
          break;
        }
        if (ch != '\r') return fail(Error::bad_chunk_size);
        ++p;
        state_ = State::size_lf;
        break;

      case State::size_ext:
        // Extensions carry no meaning for Spur; they are checked for bytes that
        // could confuse another parser and counted against a budget.
        if (++ext_bytes_ > limits_->max_chunk_extension_bytes)
          return fail(Error::bad_chunk_extension);
        if (ext_in_quotes_) {
          auto is_ctl = [](char b) {
            return (static_cast<unsigned char>(b) < 0x20 && b != '\t') || b == 0x7f;
          };
          if (ch == '\\') {
            // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ): the escaped
            // byte is taken with the backslash, so `\"` does not end the
            // string. A backslash that ends `raw` is left unconsumed until
            // its byte arrives.
            if (end - p < 2) {
              --ext_bytes_;
              r.consumed = static_cast<std::size_t>(p - raw.data());
              return r;
            }
            if (is_ctl(p[1])) return fail(Error::bad_chunk_extension);
            if (++ext_bytes_ > limits_->max_chunk_extension_bytes)
              return fail(Error::bad_chunk_extension);
            p += 2;
            break;
          }
          if (ch == '"')
            ext_in_quotes_ = false;
          else if (is_ctl(ch))
            return fail(Error::bad_chunk_extension);
          ++p;
          break;
        }
        if (ch == '\r') {
          ++p;
          state_ = State::size_lf;
          break;
        }
        if (ch == '"')
          ext_in_quotes_ = true;
        else if (!(detail::is_tchar(ch) || ch == ';' || ch == '=' || ch == ' ' || ch == '\t'))
          return fail(Error::bad_chunk_extension);
        ++p;
        break;

      case State::size_lf:
        if (ch != '\n') return fail(Error::bad_chunk_size);
        ++p;
        size_digits_ = 0;
        if (chunk_size_ == 0) {
          state_ = State::trailer_line_start;
          break;
        }
        if (chunk_size_ > limits_->max_body_bytes - body_size_) return fail(Error::body_too_large);
        remaining_ = chunk_size_;
        state_ = State::data;
        break;

      case State::data: {
        std::size_t n = static_cast<std::size_t>(
            std::min<std::uint64_t>(remaining_, static_cast<std::uint64_t>(end - p)));
        if (out + r.produced != p) std::memmove(out + r.produced, p, n);
        r.produced += n;
        body_size_ += n;
        remaining_ -= n;
        p += n;
        if (remaining_ == 0) state_ = State::data_cr;
        break;
      }

      case State::data_cr:
        if (ch != '\r') return fail(Error::bad_chunk_terminator);
        ++p;
        state_ = State::data_lf;
        break;

      case State::data_lf:
        if (ch != '\n') return fail(Error::bad_chunk_terminator);
        ++p;
        chunk_size_ = 0;
        state_ = State::size;
        break;

      case State::trailer_line_start:
        // trailer-section = *( field-line CRLF ) CRLF
        if (ch == '\r') {
          ++p;
          state_ = State::final_lf;
          break;
        }
        if (!detail::is_tchar(ch)) return fail(Error::bad_trailer);  // also rejects obs-fold
        trailer_seen_colon_ = false;
        state_ = State::trailer_line;
        break;

      case State::trailer_line:
        if (++trailer_bytes_ > limits_->max_header_bytes) return fail(Error::trailer_too_large);
        if (!trailer_seen_colon_) {
          if (ch == ':')
            trailer_seen_colon_ = true;
          else if (!detail::is_tchar(ch))
            return fail(Error::bad_trailer);
          ++p;
          break;
        }
        if (ch == '\r') {
          ++p;
          state_ = State::trailer_lf;
          break;
        }
        if (!detail::is_field_vchar(ch)) return fail(Error::bad_trailer);
        ++p;
        break;

      case State::trailer_lf:
        if (ch != '\n') return fail(Error::bad_trailer);
        ++p;
        state_ = State::trailer_line_start;
        break;

      case State::final_lf:
        if (ch != '\n') return fail(Error::bad_trailer);
        ++p;
        state_ = State::done;
        r.status = Status::done;
        r.consumed = static_cast<std::size_t>(p - raw.data());
        return r;

      case State::done:
        r.status = Status::done;
        r.consumed = static_cast<std::size_t>(p - raw.data());
        return r;
    }
  }
  r.consumed = raw.size();
  r.status = state_ == State::done ? Status::done : Status::need_more;
  return r;
}

}  // namespace spur::http
