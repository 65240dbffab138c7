#pragma once
// Decoder for the chunked transfer coding (RFC 9112 §7.1), resumable across
// reads and in place: decoded bytes are written at or before the raw bytes
// they come from, so the body ends up contiguous in the connection's buffer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "spur/http/error.hpp"
#include "spur/http/limits.hpp"

namespace spur::http {

class ChunkedDecoder final {
 public:
  enum class Status { need_more, done, error };
  struct Result {
    Status status = Status::need_more;
    std::size_t consumed = 0;  // raw bytes used from `raw`
    std::size_t produced = 0;  // decoded bytes written to `out`
    Error error{};
  };

  explicit ChunkedDecoder(const Limits& limits) noexcept : limits_(&limits) {}

  // Decodes from `raw`, writing chunk data to `out`. `out` may alias `raw` as
  // long as out <= raw.data() (memmove semantics). After `done`, `consumed`
  // ends just past the trailer section; the next request starts there.
  Result decode(std::string_view raw, char* out) noexcept;

  std::uint64_t body_size() const noexcept { return body_size_; }

 private:
  enum class State : std::uint8_t {
    size,
    size_ext,
    size_lf,
    data,
    data_cr,
    data_lf,
    trailer_line_start,
    trailer_line,
    trailer_lf,
    final_lf,
    done
  };
  const Limits* limits_;
  State state_ = State::size;
  std::uint64_t chunk_size_ = 0;
  std::uint64_t remaining_ = 0;
  std::uint64_t body_size_ = 0;
  std::size_t size_digits_ = 0;
  std::size_t ext_bytes_ = 0;
  std::size_t trailer_bytes_ = 0;
  bool trailer_seen_colon_ = false;
  bool ext_in_quotes_ = false;
};

}  // namespace spur::http
