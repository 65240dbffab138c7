#include "content_decoding.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include "spur/text/ascii.hpp"

namespace spur::fetch_detail {
namespace {

constexpr std::size_t chunk = 64 * 1024;

Decoded inflate_body(std::string& body, std::size_t limit, bool gzip) {
  z_stream z{};
  // 15 + 32: zlib or gzip header, detected; "deflate" is zlib-wrapped per
  // RFC 9110, but some servers send it raw, which -15 reads.
  if (inflateInit2(&z, gzip ? 15 + 32 : 15) != Z_OK) return Decoded::malformed;
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(body.data());
  z.avail_in = static_cast<uInt>(body.size());
  int rc = Z_OK;
  bool retried_raw = false;
  while (rc != Z_STREAM_END) {
    const std::size_t used = out.size();
    if (used >= limit + 1) break;
    out.resize(used + chunk);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    z.avail_out = chunk;
    rc = inflate(&z, Z_NO_FLUSH);
    out.resize(used + chunk - z.avail_out);
    if (rc == Z_DATA_ERROR && !gzip && !retried_raw && z.total_out == 0) {
      inflateEnd(&z);
      z = z_stream{};
      if (inflateInit2(&z, -15) != Z_OK) return Decoded::malformed;
      z.next_in = reinterpret_cast<Bytef*>(body.data());
      z.avail_in = static_cast<uInt>(body.size());
      out.clear();
      retried_raw = true;
      rc = Z_OK;
      continue;
    }
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      return Decoded::malformed;
    }
    if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
      inflateEnd(&z);
      return Decoded::malformed;  // truncated
    }
  }
  inflateEnd(&z);
  if (out.size() > limit) return Decoded::too_large;
  body = std::move(out);
  return Decoded::ok;
}

Decoded unbrotli(std::string& body, std::size_t limit) {
  BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (s == nullptr) return Decoded::malformed;
  std::string out;
  std::size_t available_in = body.size();
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(body.data());
  BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    const std::size_t used = out.size();
    if (used > limit) break;
    out.resize(used + chunk);
    std::size_t available_out = chunk;
    auto* next_out = reinterpret_cast<std::uint8_t*>(out.data() + used);
    rc = BrotliDecoderDecompressStream(s, &available_in, &next_in, &available_out, &next_out,
                                       nullptr);
    out.resize(used + chunk - available_out);
  }
  BrotliDecoderDestroyInstance(s);
  if (out.size() > limit) return Decoded::too_large;
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) return Decoded::malformed;
  body = std::move(out);
  return Decoded::ok;
}

}  // namespace

Decoded decode_content(std::string_view encoding, std::string& body, std::size_t limit) {
  // No body (HEAD, 204, 304) has nothing to decode, whatever the header says.
  if (body.empty() || encoding.empty() || text::iequals(encoding, "identity")) return Decoded::ok;
  if (text::iequals(encoding, "gzip") || text::iequals(encoding, "x-gzip"))
    return inflate_body(body, limit, true);
  if (text::iequals(encoding, "deflate")) return inflate_body(body, limit, false);
  if (text::iequals(encoding, "br")) return unbrotli(body, limit);
  return Decoded::unknown_encoding;
}

}  // namespace spur::fetch_detail
