#include "spur/text/utf8.hpp"

#include <cstring>

namespace spur::text {

bool Utf8Validator::feed(std::string_view bytes) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* const end = p + bytes.size();
  while (p < end) {
    if (need_ != 0) {
      const unsigned char c = *p++;
      if (c < lo_ || c > hi_) return false;
      --need_;
      lo_ = 0x80;
      hi_ = 0xBF;
      continue;
    }
    // Between characters: skip ASCII eight bytes at a time.
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (w & 0x8080808080808080ull) break;
      p += 8;
    }
    if (p == end) break;
    const unsigned char c = *p++;
    if (c < 0x80) continue;
    // Lead bytes, with the range of the first continuation byte narrowed to
    // rule out overlong forms (E0, F0), surrogates (ED) and > U+10FFFF (F4).
    if (c < 0xC2) return false;  // a stray continuation byte, or an overlong C0/C1
    if (c < 0xE0) {
      need_ = 1;
    } else if (c < 0xF0) {
      need_ = 2;
      if (c == 0xE0) lo_ = 0xA0;
      if (c == 0xED) hi_ = 0x9F;
    } else if (c < 0xF5) {
      need_ = 3;
      if (c == 0xF0) lo_ = 0x90;
      if (c == 0xF4) hi_ = 0x8F;
    } else {
      return false;
    }
  }
  return true;
}

bool is_valid_utf8(std::string_view bytes) noexcept {
  Utf8Validator v;
  return v.feed(bytes) && v.complete();
}

}  // namespace spur::text
