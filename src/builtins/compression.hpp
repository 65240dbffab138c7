#pragma once
// Response compression (AppConfig::compression): picks gzip or Brotli from the
// request's Accept-Encoding and compresses a string body in memory. Pure: no
// I/O; file bodies are left alone so large files still go out with sendfile.
//
//   compress_response(response, request.header("accept-encoding"), options);
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "spur/builtins/options.hpp"
#include "spur/core/response.hpp"

namespace spur::detail {

enum class Coding : std::uint8_t { identity, gzip, br };

// The coding to answer with: br when the client weighs it above 0 and at
// least as high as gzip (it is smaller at a similar cost), else gzip when
// weighted above 0, else identity.
Coding negotiate_coding(std::string_view accept_encoding);

// Whether a body of this Content-Type is compressible and large enough
// (>= options.min_bytes) to be worth it. Media that is already compressed
// (images but SVG, audio, video, fonts, archives, PDF, octet-streams) is not,
// nor is text/event-stream, whose events must reach the client as they are
// written. Parameters and case are ignored; an empty type is not compressed.
bool worth_compressing(std::string_view content_type, std::size_t size, const Compression& options);

// `data` as a gzip member (RFC 1952) at zlib `level`, clamped to 1..9.
// Throws std::runtime_error if zlib fails.
std::string gzip_compress(std::string_view data, int level);

// `data` as a Brotli stream (RFC 7932) at `quality`, clamped to 0..11.
// Throws std::runtime_error if the encoder fails.
std::string brotli_compress(std::string_view data, int quality);

// What compress_response() would do: the coding to compress `response`'s
// body with, or nullopt to send it as it is. Adds Vary: Accept-Encoding when
// the answer depends on it. Bodies over options.max_bytes are sent as they are.
std::optional<Coding> plan_compression(Response& response, std::string_view accept_encoding,
                                       const Compression& options);
// `data` compressed with `coding` at the options' level.
std::string compress(std::string_view data, Coding coding, const Compression& options);
// Makes `compressed` the body (unless it did not shrink) with Content-Encoding,
// weakening a strong ETag.
void apply_compression(Response& response, Coding coding, std::string compressed);

// Compresses `response`'s string body in place with the coding
// `accept_encoding` prefers, setting Content-Encoding and weakening a strong
// ETag (the bytes are no longer the ones it named). Leaves alone responses
// without a body to compress (1xx, 204, 206, 304, file bodies), ones already
// encoded or marked Cache-Control: no-transform, and bodies not worth
// compressing. A compressible type always gets `Vary: Accept-Encoding`, even
// when nothing was compressed, so a cache never hands an encoded copy to a
// client that cannot decode it, or the reverse. A body that does not shrink is
// kept as it was.
void compress_response(Response& response, std::string_view accept_encoding,
                       const Compression& options);

}  // namespace spur::detail
