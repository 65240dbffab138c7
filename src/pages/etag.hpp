#pragma once
// The ETag a Pages API response carries, and the conditional-request check
// that turns a match into 304, as Next.js's sendData does.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "spur/core/request.hpp"

namespace spur::detail::pages {

// FNV-1a 64 over UTF-16 code units, folded to 52 bits (JavaScript keeps 53
// bits of integer precision): the high 12 bits are XORed into the low 16.
class Fnv1a52 final {
 public:
  void add(char16_t unit) noexcept {
    hash_ ^= unit;
    hash_ *= 0x100000001B3ull;
    ++units_;
  }
  void add_ascii(std::string_view s) noexcept {
    for (char c : s) add(static_cast<char16_t>(static_cast<unsigned char>(c)));
  }
  // The UTF-16 units `utf8` decodes to (invalid sequences as U+FFFD).
  void add_utf8(std::string_view utf8) noexcept;

  std::uint64_t value() const noexcept;
  // Code units hashed so far: JavaScript's string.length.
  std::uint64_t units() const noexcept { return units_; }

 private:
  std::uint64_t hash_ = 0xCBF29CE484222325ull;
  std::uint64_t units_ = 0;
};

// `n` in base 36, lower case, as Number#toString(36) writes an integer.
std::string to_base36(std::uint64_t n);

// `"` + fnv1a52(payload) in base 36 + payload length in base 36 + `"`, with
// the payload seen as a JavaScript string. Example:
//   etag_for_text(R"({"message":"Hello from Next.js!"})") == R"("x0q7xhtzoxx")"
std::string etag_for_text(std::string_view utf8);

// The ETag Next.js sends for res.send(Buffer): it hashes JSON.stringify of the
// buffer, {"type":"Buffer","data":[114,97,...]}, not the bytes themselves.
std::string etag_for_bytes(std::string_view bytes);

// True when the request's validators match, so the answer may be 304: the
// semantics of the `fresh` package Next.js uses. If-None-Match `*` or a list
// holding `etag` (weak or strong); If-Modified-Since only with a Last-Modified
// not newer than it; never when the request says Cache-Control: no-cache.
bool is_fresh(const Request& request, std::string_view etag,
              std::optional<std::string_view> last_modified);

}  // namespace spur::detail::pages
