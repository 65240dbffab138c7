#include "compression.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>

#include "spur/builtins/builtins.hpp"
#include "spur/core/offload.hpp"
#include "spur/core/request.hpp"
#include "spur/http/accept.hpp"
#include "spur/http/header.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/list.hpp"

namespace spur::detail {
namespace {

using text::trim;

// Types whose bytes are already compressed (or, for octet-stream, unknown):
// compressing them again costs CPU and saves nothing. text/event-stream is
// here because its events must reach the client as they are written.
constexpr std::array<std::string_view, 10> uncompressed_types = {
    "font/woff",          "font/woff2",           "application/zip",  "application/gzip",
    "application/x-gzip", "application/x-brotli", "application/zstd", "application/octet-stream",
    "application/pdf",    "text/event-stream",
};

// The type/subtype of a Content-Type value is compressible, whatever its size.
bool compressible_type(std::string_view content_type) noexcept {
  const std::string_view type = trim(content_type.substr(0, content_type.find(';')));
  if (type.empty()) return false;
  if (text::istarts_with(type, "image/")) return text::iequals(type, "image/svg+xml");
  if (text::istarts_with(type, "video/") || text::istarts_with(type, "audio/")) return false;
  return std::none_of(uncompressed_types.begin(), uncompressed_types.end(),
                      [&](std::string_view t) { return text::iequals(type, t); });
}

// Every `name` field's value joined with ", ": a list may be split over
// several fields (RFC 9110 §5.3), and header() sees only the first.
std::string joined_values(const Response& response, std::string_view name) {
  std::string joined;
  for (const http::Header h : response.headers()) {
    if (!text::iequals(h.name, name)) continue;
    const std::string_view value = trim(h.value);
    if (value.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined += value;
  }
  return joined;
}

// Adds Accept-Encoding to the response's Vary, unless Vary already covers it.
void vary_on_accept_encoding(Response& response) {
  const std::string vary = joined_values(response, "Vary");
  if (text::list_has_token(vary, "*") || text::list_has_token(vary, "Accept-Encoding")) return;
  if (vary.empty()) {
    response.set_header("Vary", "Accept-Encoding");
  } else {
    response.set_header("Vary", vary + ", Accept-Encoding");
  }
}

class DeflateStream final {
 public:
  explicit DeflateStream(int level) {
    // 15 + 16: the largest window, with a gzip header and trailer rather
    // than zlib's, which is what Content-Encoding: gzip means.
    if (deflateInit2(&stream_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error("gzip_compress: deflateInit2 failed");
  }
  ~DeflateStream() { deflateEnd(&stream_); }
  DeflateStream(const DeflateStream&) = delete;
  DeflateStream& operator=(const DeflateStream&) = delete;

  z_stream* get() noexcept { return &stream_; }

 private:
  z_stream stream_{};
};

}  // namespace

Coding negotiate_coding(std::string_view accept_encoding) {
  const double br = coding_quality(accept_encoding, "br");
  const double gzip = coding_quality(accept_encoding, "gzip");
  if (br > 0 && br >= gzip) return Coding::br;
  if (gzip > 0) return Coding::gzip;
  return Coding::identity;
}

bool worth_compressing(std::string_view content_type, std::size_t size,
                       const Compression& options) {
  return size >= options.min_bytes && compressible_type(content_type);
}

std::string gzip_compress(std::string_view data, int level) {
  DeflateStream deflater(std::clamp(level, 1, 9));
  z_stream* zs = deflater.get();
  // One pass into a buffer deflateBound() says is always large enough; the
  // loop is for bodies whose sizes do not fit zlib's 32-bit counters.
  std::string out(deflateBound(zs, data.size()), '\0');
  constexpr std::size_t max_chunk = std::numeric_limits<uInt>::max();
  std::size_t in_used = 0;
  std::size_t out_used = 0;
  for (;;) {
    if (zs->avail_in == 0 && in_used < data.size()) {
      const std::size_t n = std::min(data.size() - in_used, max_chunk);
      // zlib's next_in is not const-qualified but is never written through.
      zs->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + in_used));
      zs->avail_in = static_cast<uInt>(n);
      in_used += n;
    }
    if (out_used == out.size()) out.resize(out.size() * 2);
    const std::size_t room = std::min(out.size() - out_used, max_chunk);
    zs->next_out = reinterpret_cast<Bytef*>(out.data() + out_used);
    zs->avail_out = static_cast<uInt>(room);
    const bool last = in_used == data.size();
    const int rc = deflate(zs, last ? Z_FINISH : Z_NO_FLUSH);
    out_used += room - zs->avail_out;
    if (rc == Z_STREAM_END) break;
    // Z_BUF_ERROR only means no progress was possible this call; anything
    // else but Z_OK is a broken stream.
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      throw std::runtime_error("gzip_compress: deflate failed (" + std::to_string(rc) + ")");
  }
  out.resize(out_used);
  return out;
}

std::string brotli_compress(std::string_view data, int quality) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0) throw std::runtime_error("brotli_compress: input too large");
  std::string out(size, '\0');
  // Window 22 (4 MiB) is the encoder's default and what decoders expect
  // without the large-window extension.
  if (!BrotliEncoderCompress(std::clamp(quality, BROTLI_MIN_QUALITY, BROTLI_MAX_QUALITY), 22,
                             BROTLI_MODE_GENERIC, data.size(),
                             reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data())))
    throw std::runtime_error("brotli_compress: BrotliEncoderCompress failed");
  out.resize(size);
  return out;
}

std::optional<Coding> plan_compression(Response& response, std::string_view accept_encoding,
                                       const Compression& options) {
  const int status = response.status();
  // 206 is left alone too: its Content-Range counts bytes of the identity
  // body, which compressing would invalidate.
  if (status < 200 || status == 204 || status == 206 || status == 304) return std::nullopt;
  if (response.file_body() || response.is_stream()) return std::nullopt;  // sent as they are
  if (response.has_header("Content-Encoding")) return std::nullopt;
  if (text::list_has_token(joined_values(response, "Cache-Control"), "no-transform"))
    return std::nullopt;
  // A copy: the view into the response's fields dies with the next header set.
  const std::string content_type(response.header("Content-Type").value_or(""));
  if (!compressible_type(content_type)) return std::nullopt;

  // From here the answer could depend on Accept-Encoding (this body, or a
  // larger one at the same URL), so caches must key on it.
  vary_on_accept_encoding(response);
  const std::size_t size = response.body().size();
  if (!worth_compressing(content_type, size, options) || size > options.max_bytes)
    return std::nullopt;
  const Coding coding = negotiate_coding(accept_encoding);
  if (coding == Coding::identity) return std::nullopt;
  return coding;
}

std::string compress(std::string_view data, Coding coding, const Compression& options) {
  return coding == Coding::br ? brotli_compress(data, options.brotli_quality)
                              : gzip_compress(data, options.gzip_level);
}

void apply_compression(Response& response, Coding coding, std::string compressed) {
  if (compressed.size() >= response.body().size()) return;  // it did not shrink
  response.body(std::move(compressed));
  response.set_header("Content-Encoding", coding == Coding::br ? "br" : "gzip");
  // A strong ETag promises these exact bytes; the encoded body is only
  // semantically the same, which is what a weak one says.
  const std::string_view etag = trim(response.header("ETag").value_or(""));
  if (!etag.empty() && etag.front() == '"') {
    const std::string weak = "W/" + std::string(etag);
    response.set_header("ETag", weak);
  }
}

void compress_response(Response& response, std::string_view accept_encoding,
                       const Compression& options) {
  if (const std::optional<Coding> coding = plan_compression(response, accept_encoding, options))
    apply_compression(response, *coding, compress(response.body(), *coding, options));
}

}  // namespace spur::detail

namespace spur::builtins {

Middleware compression(Compression options) {
  return [options](Request& req, Next next) -> Async<Response> {
    Response response = co_await next();
    const std::optional<detail::Coding> coding =
        detail::plan_compression(response, req.header("accept-encoding").value_or(""), options);
    if (!coding) co_return response;
    const std::string_view body = response.body();
    std::string compressed;
    if (body.size() > options.offload_above)
      // Megabytes take milliseconds: not on the event loop, where every other
      // request of this worker would wait for them.
      compressed = co_await offload(
          [body, coding, &options] { return detail::compress(body, *coding, options); });
    else
      compressed = detail::compress(body, *coding, options);
    detail::apply_compression(response, *coding, std::move(compressed));
    co_return response;
  };
}

}  // namespace spur::builtins
