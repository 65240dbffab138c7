// Response compression: negotiation, which bodies qualify, and that what the
// encoders produce decodes back with stock zlib and Brotli.
#include "builtins/compression.hpp"

#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <stdexcept>

#include "spur/http/header.hpp"
#include "spur/text/ascii.hpp"

namespace spur::detail {
namespace {

// What a client does with a gzip body: inflate, accepting a gzip or zlib
// wrapper (15 + 32), and insist the stream ends exactly at the end.
std::string gunzip(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) throw std::runtime_error("inflateInit2");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    char chunk[4096];
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof chunk;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - zs.avail_out);
  }
  const bool complete = rc == Z_STREAM_END && zs.avail_in == 0;
  inflateEnd(&zs);
  if (!complete) throw std::runtime_error("not a complete gzip stream");
  return out;
}

// BrotliDecoderDecompress needs the output's size up front; a little slack
// lets a decoder that produces too much show up as a mismatch, not a failure.
std::string unbrotli(std::string_view data, std::size_t expected_size) {
  std::string out(expected_size + 64, '\0');
  std::size_t size = out.size();
  if (BrotliDecoderDecompress(data.size(), reinterpret_cast<const std::uint8_t*>(data.data()),
                              &size, reinterpret_cast<std::uint8_t*>(out.data())) !=
      BROTLI_DECODER_RESULT_SUCCESS)
    throw std::runtime_error("not a valid Brotli stream");
  out.resize(size);
  return out;
}

// About 10 KB of the JSON a list endpoint returns: repetitive, so it shrinks.
std::string json_body() {
  std::string json = "[";
  for (int i = 0; json.size() < 10'000; ++i) {
    if (i > 0) json += ',';
    json += R"({"id":)" + std::to_string(i) + R"(,"title":"Post number )" + std::to_string(i) +
            R"(","published":true,"tags":["news","cpp"],"author":{"name":"Ada"}})";
  }
  return json + "]";
}

// Bytes no coder can shrink; seeded, so a failure reproduces.
std::string random_bytes(std::size_t n) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(byte(rng));
  return out;
}

// How many header lines `response` has named `name`.
int count_headers(const Response& response, std::string_view name) {
  int n = 0;
  for (const http::Header h : response.headers())
    if (text::iequals(h.name, name)) ++n;
  return n;
}

constexpr std::string_view browser = "gzip, deflate, br, zstd";

TEST(NegotiateCoding, PrefersBrotliWhenWeightedAtLeastAsHigh) {
  struct Case {
    std::string_view accept_encoding;
    Coding expected;
  };
  const Case cases[] = {
      {browser, Coding::br},
      {"gzip", Coding::gzip},
      {"br", Coding::br},
      {"br;q=0, gzip", Coding::gzip},
      {"*", Coding::br},
      {"*;q=0.5, gzip", Coding::gzip},
      {"", Coding::identity},
      {"identity", Coding::identity},
      {"deflate", Coding::identity},
      {"gzip;q=0, br;q=0", Coding::identity},
      {"gzip;q=0.5, br;q=0.4", Coding::gzip},
      {"gzip;q=0.5, br;q=0.5", Coding::br},
      {"GZIP", Coding::gzip},
  };
  for (const Case& c : cases)
    EXPECT_EQ(negotiate_coding(c.accept_encoding), c.expected) << '"' << c.accept_encoding << '"';
}

TEST(WorthCompressing, TextLikeTypesAtOrAboveTheThreshold) {
  const Compression options;  // min_bytes 1024
  for (std::string_view type :
       {"application/json", "text/html; charset=utf-8", "TEXT/Plain;Charset=UTF-8", "text/css",
        "application/javascript", "image/svg+xml", "Image/SVG+XML; charset=utf-8",
        "application/xml", " application/json ", "font/ttf"})
    EXPECT_TRUE(worth_compressing(type, 4096, options)) << type;

  EXPECT_TRUE(worth_compressing("application/json", 1024, options));
  EXPECT_FALSE(worth_compressing("application/json", 1023, options));
  EXPECT_TRUE(worth_compressing("application/json", 0, Compression{.min_bytes = 0}));
}

TEST(WorthCompressing, NeverCompressedMediaEventStreamsOrUnknownTypes) {
  const Compression options;
  for (std::string_view type : {"image/png",
                                "image/jpeg",
                                "IMAGE/WEBP",
                                "image/avif",
                                "video/mp4",
                                "audio/mpeg",
                                "font/woff",
                                "font/woff2",
                                "application/zip",
                                "application/gzip",
                                "application/x-gzip",
                                "application/x-brotli",
                                "application/zstd",
                                "application/octet-stream",
                                "Application/PDF",
                                "text/event-stream",
                                "text/event-stream; charset=utf-8",
                                "",
                                " ",
                                "; charset=utf-8"})
    EXPECT_FALSE(worth_compressing(type, 1 << 20, options)) << '"' << type << '"';
}

TEST(GzipCompress, RoundTripsJsonAndShrinksIt) {
  const std::string json = json_body();
  const std::string gz = gzip_compress(json, 6);
  ASSERT_GE(gz.size(), 2u);
  // The gzip magic, not a raw deflate or zlib stream.
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  EXPECT_LT(gz.size(), json.size() / 4);
  EXPECT_EQ(gunzip(gz), json);
}

TEST(GzipCompress, RoundTripsBinaryEmptyAndOutOfRangeLevels) {
  const std::string binary = random_bytes(64 * 1024);
  EXPECT_EQ(gunzip(gzip_compress(binary, 6)), binary);
  EXPECT_EQ(gunzip(gzip_compress("", 6)), "");
  const std::string json = json_body();
  for (int level : {-5, 0, 1, 9, 42}) EXPECT_EQ(gunzip(gzip_compress(json, level)), json) << level;
}

TEST(BrotliCompress, RoundTripsJsonAndShrinksIt) {
  const std::string json = json_body();
  const std::string br = brotli_compress(json, 4);
  EXPECT_LT(br.size(), json.size() / 4);
  EXPECT_EQ(unbrotli(br, json.size()), json);
}

TEST(BrotliCompress, RoundTripsBinaryEmptyAndOutOfRangeQualities) {
  const std::string binary = random_bytes(64 * 1024);
  EXPECT_EQ(unbrotli(brotli_compress(binary, 4), binary.size()), binary);
  const std::string empty = brotli_compress("", 4);
  EXPECT_FALSE(empty.empty());  // still a stream, one that decodes to nothing
  EXPECT_EQ(unbrotli(empty, 0), "");
  const std::string json = json_body();
  for (int quality : {-1, 0, 11, 99})
    EXPECT_EQ(unbrotli(brotli_compress(json, quality), json.size()), json) << quality;
}

TEST(CompressResponse, BrotliForBrowsersGzipForGzipOnlyClients) {
  const std::string json = json_body();

  Response br = Response::json_text(json);
  compress_response(br, browser, {});
  EXPECT_EQ(br.header("Content-Encoding").value_or(""), "br");
  EXPECT_EQ(br.header("Vary").value_or(""), "Accept-Encoding");
  EXPECT_LT(br.body().size(), json.size());
  EXPECT_EQ(unbrotli(br.body(), json.size()), json);

  Response gz = Response::json_text(json);
  compress_response(gz, "gzip", {});
  EXPECT_EQ(gz.header("Content-Encoding").value_or(""), "gzip");
  EXPECT_EQ(gz.header("Vary").value_or(""), "Accept-Encoding");
  EXPECT_EQ(gunzip(gz.body()), json);
  EXPECT_EQ(count_headers(gz, "Content-Type"), 1);
}

TEST(CompressResponse, IdentityClientsGetTheBodyAsIsButStillVary) {
  const std::string json = json_body();
  for (std::string_view accept : {"", "identity", "br;q=0, gzip;q=0"}) {
    Response r = Response::json_text(json);
    r.set_header("ETag", "\"v1\"");
    compress_response(r, accept, {});
    EXPECT_FALSE(r.has_header("Content-Encoding")) << accept;
    EXPECT_EQ(r.body(), json);
    EXPECT_EQ(r.header("Vary").value_or(""), "Accept-Encoding");
    EXPECT_EQ(r.header("ETag").value_or(""), "\"v1\"");  // the bytes did not change
  }
}

TEST(CompressResponse, SmallBodyIsUntouchedButVaries) {
  Response r = Response::json_text(R"({"ok":true})");
  compress_response(r, browser, {});
  EXPECT_FALSE(r.has_header("Content-Encoding"));
  EXPECT_EQ(r.body(), R"({"ok":true})");
  EXPECT_EQ(r.header("Vary").value_or(""), "Accept-Encoding");
}

TEST(CompressResponse, PrecompressedMediaIsUntouchedWithoutVary) {
  const std::string png = random_bytes(8192);
  Response r = Response::bytes(png, "image/png");
  compress_response(r, browser, {});
  EXPECT_EQ(r.body(), png);
  EXPECT_FALSE(r.has_header("Content-Encoding"));
  EXPECT_FALSE(r.has_header("Vary"));
}

TEST(CompressResponse, AlreadyEncodedBodyIsUntouched) {
  const std::string gz = gzip_compress(json_body(), 6);
  Response r = Response::json_text(gz);
  r.set_header("Content-Encoding", "gzip");
  compress_response(r, browser, {});
  EXPECT_EQ(r.body(), gz);
  EXPECT_EQ(count_headers(r, "Content-Encoding"), 1);
  EXPECT_EQ(r.header("Content-Encoding").value_or(""), "gzip");
}

TEST(CompressResponse, BodilessAndPartialStatusesAreUntouched) {
  const std::string json = json_body();
  for (int status : {101, 204, 206, 304}) {
    Response r = Response::json_text(json, status);
    compress_response(r, browser, {});
    EXPECT_EQ(r.body(), json) << status;
    EXPECT_FALSE(r.has_header("Content-Encoding")) << status;
    EXPECT_FALSE(r.has_header("Vary")) << status;
  }
  // Errors are compressed like any other response.
  Response not_found = Response::json_text(json, 404);
  compress_response(not_found, browser, {});
  EXPECT_EQ(not_found.header("Content-Encoding").value_or(""), "br");
}

TEST(CompressResponse, NoTransformIsUntouched) {
  const std::string json = json_body();
  Response r = Response::json_text(json);
  r.set_header("Cache-Control", "public, max-age=60");
  r.append_header("Cache-Control", "No-Transform");  // a second line still counts
  compress_response(r, browser, {});
  EXPECT_EQ(r.body(), json);
  EXPECT_FALSE(r.has_header("Content-Encoding"));
  EXPECT_FALSE(r.has_header("Vary"));
}

TEST(CompressResponse, FileBodyIsUntouched) {
  Response r(200);
  r.set_header("Content-Type", "text/html");
  r.file_body(FileBody{nullptr, 0, 1 << 20});
  compress_response(r, browser, {});
  EXPECT_TRUE(r.file_body().has_value());
  EXPECT_FALSE(r.has_header("Content-Encoding"));
}

TEST(CompressResponse, StrongETagIsWeakenedWeakOneKept) {
  Response strong = Response::json_text(json_body());
  strong.set_header("ETag", "\"abc123\"");
  compress_response(strong, "gzip", {});
  EXPECT_EQ(strong.header("Content-Encoding").value_or(""), "gzip");
  EXPECT_EQ(strong.header("ETag").value_or(""), "W/\"abc123\"");
  EXPECT_EQ(count_headers(strong, "ETag"), 1);

  Response weak = Response::json_text(json_body());
  weak.set_header("ETag", "W/\"abc123\"");
  compress_response(weak, "gzip", {});
  EXPECT_EQ(weak.header("ETag").value_or(""), "W/\"abc123\"");
}

TEST(CompressResponse, VaryIsMergedNeverDuplicated) {
  const std::string json = json_body();

  Response origin = Response::json_text(json);
  origin.set_header("Vary", "Origin");
  compress_response(origin, browser, {});
  EXPECT_EQ(origin.header("Vary").value_or(""), "Origin, Accept-Encoding");
  EXPECT_EQ(count_headers(origin, "Vary"), 1);

  Response listed = Response::json_text(json);
  listed.set_header("Vary", "Origin, accept-encoding");
  compress_response(listed, browser, {});
  EXPECT_EQ(listed.header("Vary").value_or(""), "Origin, accept-encoding");
  EXPECT_EQ(count_headers(listed, "Vary"), 1);

  Response star = Response::json_text(json);
  star.set_header("Vary", "*");
  compress_response(star, browser, {});
  EXPECT_EQ(star.header("Vary").value_or(""), "*");
  EXPECT_EQ(count_headers(star, "Vary"), 1);
  EXPECT_EQ(star.header("Content-Encoding").value_or(""), "br");
}

TEST(CompressResponse, EventStreamIsUntouched) {
  std::string events;
  while (events.size() < 8192) events += "event: tick\ndata: {\"n\":1}\n\n";
  Response r = Response::bytes(events, "text/event-stream");
  compress_response(r, browser, {});
  EXPECT_EQ(r.body(), events);
  EXPECT_FALSE(r.has_header("Content-Encoding"));
  EXPECT_FALSE(r.has_header("Vary"));
}

TEST(CompressResponse, IncompressibleBodyIsKeptAsIs) {
  const std::string noise = random_bytes(4096);
  for (std::string_view accept : {"br", "gzip"}) {
    Response r = Response::bytes(noise, "text/plain");
    r.set_header("ETag", "\"n\"");
    compress_response(r, accept, {});
    EXPECT_EQ(r.body(), noise) << accept;
    EXPECT_FALSE(r.has_header("Content-Encoding")) << accept;
    EXPECT_EQ(r.header("Vary").value_or(""), "Accept-Encoding") << accept;
    EXPECT_EQ(r.header("ETag").value_or(""), "\"n\"") << accept;
  }
}

TEST(CompressResponse, HonoursTheConfiguredThresholdAndLevels) {
  const std::string json = json_body();
  Response below = Response::json_text(json);
  compress_response(below, browser, Compression{.min_bytes = json.size() + 1});
  EXPECT_FALSE(below.has_header("Content-Encoding"));

  // The encoders are deterministic, so the body shows which level was used.
  ASSERT_NE(gzip_compress(json, 1), gzip_compress(json, 9));
  Response gz = Response::json_text(json);
  compress_response(gz, "gzip", Compression{.gzip_level = 1});
  EXPECT_EQ(gz.body(), gzip_compress(json, 1));

  ASSERT_NE(brotli_compress(json, 1), brotli_compress(json, 11));
  Response br = Response::json_text(json);
  compress_response(br, "br", Compression{.brotli_quality = 11});
  EXPECT_EQ(br.body(), brotli_compress(json, 11));
}

}  // namespace
}  // namespace spur::detail
