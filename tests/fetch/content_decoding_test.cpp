// gzip, deflate (zlib and raw) and br bodies decoded, and never past the
// limit however small the compressed form.
#include "fetch/content_decoding.hpp"

#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <zlib.h>

namespace spur::fetch_detail {
namespace {

std::string deflate(const std::string& in, int window_bits) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string brotli(const std::string& in) {
  std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in.size(),
                        reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                        reinterpret_cast<std::uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

const std::string text = [] {
  std::string s;
  for (int i = 0; i < 20000; ++i) s += "line " + std::to_string(i) + "\n";
  return s;
}();

TEST(ContentDecoding, EachEncodingRoundTrips) {
  for (auto [encoding, body] : {std::pair<std::string, std::string>{"gzip", deflate(text, 31)},
                                {"x-gzip", deflate(text, 31)},
                                {"deflate", deflate(text, 15)},
                                {"deflate", deflate(text, -15)},
                                {"br", brotli(text)},
                                {"identity", text},
                                {"", text}}) {
    EXPECT_EQ(decode_content(encoding, body, 1 << 20), Decoded::ok) << encoding;
    EXPECT_EQ(body, text) << encoding;
  }
}

TEST(ContentDecoding, TheLimitHoldsAfterDecoding) {
  const std::string zeros(10 << 20, '\0');
  for (auto [encoding, body] :
       {std::pair<std::string, std::string>{"gzip", deflate(zeros, 31)}, {"br", brotli(zeros)}}) {
    EXPECT_LT(body.size(), 64u << 10) << encoding;
    EXPECT_EQ(decode_content(encoding, body, 1 << 20), Decoded::too_large) << encoding;
  }
  std::string exact = deflate(text, 31);
  EXPECT_EQ(decode_content("gzip", exact, text.size()), Decoded::ok);
  std::string one_short = deflate(text, 31);
  EXPECT_EQ(decode_content("gzip", one_short, text.size() - 1), Decoded::too_large);
}

TEST(ContentDecoding, NoBodyIsNothingToDecode) {
  for (const char* encoding : {"gzip", "deflate", "br", "zstd"}) {
    std::string empty;  // a HEAD, 204 or 304 answer that names its encoding
    EXPECT_EQ(decode_content(encoding, empty, 1 << 20), Decoded::ok) << encoding;
    EXPECT_EQ(empty, "");
  }
}

TEST(ContentDecoding, MalformedTruncatedAndUnknown) {
  std::string garbage = "not compressed at all";
  EXPECT_EQ(decode_content("gzip", garbage, 1 << 20), Decoded::malformed);
  std::string truncated = deflate(text, 31).substr(0, 100);
  EXPECT_EQ(decode_content("gzip", truncated, 1 << 20), Decoded::malformed);
  std::string br = brotli(text).substr(0, 50);
  EXPECT_EQ(decode_content("br", br, 1 << 20), Decoded::malformed);
  std::string zstd = "x";
  EXPECT_EQ(decode_content("zstd", zstd, 1 << 20), Decoded::unknown_encoding);
}

}  // namespace
}  // namespace spur::fetch_detail
