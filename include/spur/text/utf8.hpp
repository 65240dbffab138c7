#pragma once
// UTF-8, written once: validation (whole or piece by piece, as WebSocket text
// arrives), and decoding the way JavaScript sees request and response text:
// bytes are decoded as the WHATWG decoder (Node's Buffer#toString) does, each
// maximal invalid subpart becoming U+FFFD, and lengths are counted in UTF-16
// code units.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace spur::text {

// Validates UTF-8 (RFC 3629: no overlong forms, surrogates or code points
// above U+10FFFF) across pieces, e.g. the fragments of a WebSocket message.
class Utf8Validator final {
 public:
  // False as soon as the bytes so far cannot begin valid UTF-8 (then reset()
  // before using it again).
  bool feed(std::string_view bytes) noexcept;
  // True when no character is left unfinished.
  bool complete() const noexcept { return need_ == 0; }
  void reset() noexcept { *this = Utf8Validator{}; }

 private:
  std::uint8_t need_ = 0;   // continuation bytes still expected
  std::uint8_t lo_ = 0x80;  // bounds of the next continuation byte
  std::uint8_t hi_ = 0xBF;
};

// True when `bytes` is well-formed UTF-8. ASCII runs cost a word compare per
// eight bytes. Example: is_valid_utf8("J\xC3\xB6rg") == true; "\xC0\x80" is not.
bool is_valid_utf8(std::string_view bytes) noexcept;

inline constexpr char32_t replacement_character = 0xFFFD;

// Calls `emit(char32_t)` for every code point of `in`.
template <typename Emit>
void decode_utf8(std::string_view in, Emit&& emit) {
  char32_t cp = 0;
  int needed = 0, seen = 0;
  unsigned lower = 0x80, upper = 0xBF;
  for (std::size_t i = 0; i < in.size();) {
    const auto b = static_cast<unsigned char>(in[i]);
    if (needed == 0) {
      ++i;
      if (b < 0x80) {
        emit(static_cast<char32_t>(b));
      } else if (b >= 0xC2 && b <= 0xDF) {
        needed = 1;
        cp = b & 0x1F;
      } else if (b >= 0xE0 && b <= 0xEF) {
        if (b == 0xE0) lower = 0xA0;
        if (b == 0xED) upper = 0x9F;  // no surrogates
        needed = 2;
        cp = b & 0x0F;
      } else if (b >= 0xF0 && b <= 0xF4) {
        if (b == 0xF0) lower = 0x90;
        if (b == 0xF4) upper = 0x8F;  // nothing above U+10FFFF
        needed = 3;
        cp = b & 0x07;
      } else {
        emit(replacement_character);
      }
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far is one error; `b` starts afresh (not consumed).
      needed = seen = 0;
      lower = 0x80;
      upper = 0xBF;
      emit(replacement_character);
      continue;
    }
    ++i;
    lower = 0x80;
    upper = 0xBF;
    cp = (cp << 6) | (b & 0x3F);
    if (++seen == needed) {
      emit(cp);
      needed = seen = 0;
    }
  }
  if (needed != 0) emit(replacement_character);
}

inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

inline bool is_ascii(std::string_view s) noexcept {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// `in` with every invalid sequence replaced by U+FFFD.
inline std::string sanitize_utf8(std::string_view in) {
  if (is_ascii(in)) return std::string(in);
  std::string out;
  out.reserve(in.size());
  decode_utf8(in, [&](char32_t cp) { append_utf8(out, cp); });
  return out;
}

// Calls `emit(char16_t)` for every UTF-16 code unit of the text `in` decodes
// to: what JavaScript's charCodeAt walks over.
template <typename Emit>
void for_each_utf16_unit(std::string_view in, Emit&& emit) {
  decode_utf8(in, [&](char32_t cp) {
    if (cp < 0x10000) {
      emit(static_cast<char16_t>(cp));
    } else {
      cp -= 0x10000;
      emit(static_cast<char16_t>(0xD800 | (cp >> 10)));
      emit(static_cast<char16_t>(0xDC00 | (cp & 0x3FF)));
    }
  });
}

}  // namespace spur::text
