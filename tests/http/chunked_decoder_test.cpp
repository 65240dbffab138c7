// The chunked decoder: valid bodies give the same body and consumed count
// however the raw bytes are split across reads (decoded in place, as the
// request reader does), and malformed bodies give one exact error each.
#include "spur/http/chunked_decoder.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "test_util.hpp"

namespace spur::http {
namespace {

using namespace std::string_literals;
using test::ExactCopy;
using test::GuardedBuffer;

using Status = ChunkedDecoder::Status;

struct Decoded {
  Status status = Status::need_more;
  Error error{};
  std::size_t consumed = 0;  // raw bytes used, over all calls
  std::string body;
  std::uint64_t body_size = 0;  // as the decoder counts it
};

// Feeds `raw` as it would arrive in one connection buffer: the bytes up to
// each of `cuts` (and then all of them) become visible in turn, and the
// decoded body is written in place at the front of the same buffer, at or
// before the raw bytes still to be read.
Decoded decode_in_place(std::string_view raw, const std::vector<std::size_t>& cuts,
                        const Limits& limits) {
  ExactCopy buf(raw);
  char* const base = buf.data();
  ChunkedDecoder d(limits);
  Decoded out;
  std::size_t raw_pos = 0;
  std::size_t body_len = 0;
  std::vector<std::size_t> visible = cuts;
  visible.push_back(raw.size());
  for (std::size_t avail : visible) {
    if (avail < raw_pos) continue;
    auto r = d.decode({base + raw_pos, avail - raw_pos}, base + body_len);
    EXPECT_LE(r.consumed, avail - raw_pos);
    EXPECT_LE(r.produced, r.consumed);
    raw_pos += r.consumed;
    body_len += r.produced;
    out.status = r.status;
    out.error = r.error;
    if (r.status != Status::need_more) break;
  }
  out.consumed = raw_pos;
  out.body.assign(base, body_len);
  out.body_size = d.body_size();
  return out;
}

// Feeds `raw` one piece at a time, each piece in its own exactly-sized heap
// buffer (so a read past it is caught by AddressSanitizer) together with any
// bytes the decoder left unconsumed; the body goes to a separate buffer.
Decoded decode_in_pieces(std::string_view raw, const std::vector<std::size_t>& cuts,
                         const Limits& limits) {
  ChunkedDecoder d(limits);
  Decoded out;
  std::string body(raw.size(), '\0');
  std::string pending;
  std::size_t fed = 0;
  std::size_t produced = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(raw.size());
  for (std::size_t end : ends) {
    if (end < fed) continue;
    pending += raw.substr(fed, end - fed);
    fed = end;
    ExactCopy piece(pending);
    auto r = d.decode(piece.view(), body.data() + produced);
    EXPECT_LE(r.consumed, pending.size());
    produced += r.produced;
    out.consumed += r.consumed;
    pending.erase(0, r.consumed);
    out.status = r.status;
    out.error = r.error;
    if (r.status != Status::need_more) break;
  }
  out.body = body.substr(0, produced);
  out.body_size = d.body_size();
  return out;
}

std::vector<std::size_t> every_byte(std::size_t n) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < n; ++i) cuts.push_back(i);
  return cuts;
}

// --- Valid bodies -------------------------------------------------------------

struct ValidCase {
  const char* name;
  std::string raw;  // the chunked body, possibly followed by the next request
  std::string body;
  std::size_t consumed;
  Limits limits = {};
};

Limits body_limit(std::uint64_t n) {
  Limits l;
  l.max_body_bytes = n;
  return l;
}

const std::string next_request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

// clang-format off
const ValidCase valid_cases[] = {
  {"one_chunk", "5\r\nhello\r\n0\r\n\r\n", "hello", 15},
  {"several_chunks", "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n", "hello world", 31},
  {"empty_body", "0\r\n\r\n", "", 5},
  {"ext_token", "5;name=value;flag\r\nhello\r\n0;last=1\r\n\r\n", "hello", 38},
  {"ext_quoted", "5;a=\"q v;x=y\"\r\nhello\r\n0\r\n\r\n", "hello", 27},
  {"ext_quoted_escaped_backslash", "5;a=\"x\\\\y\"\r\nhello\r\n0\r\n\r\n", "hello", 24},
  {"ext_quoted_escaped_quote", "5;a=\"x\\\"y\"\r\nhello\r\n0\r\n\r\n", "hello", 24},
  {"ext_quoted_obs_text", "5;a=\"caf\xc3\xa9\"\r\nhello\r\n0\r\n\r\n", "hello", 25},
  {"ext_bws", "5 ;\ta = b\r\nhello\r\n0\r\n\r\n", "hello", 23},
  {"trailers", "5\r\nhello\r\n0\r\nExpires: never\r\nX-Sum:abc\r\n\r\n", "hello", 42},
  {"trailer_empty_value", "0\r\nX:\r\n\r\n", "", 9},
  {"trailer_obs_text", "0\r\nX: caf\xc3\xa9\r\n\r\n", "", 15},
  {"uppercase_hex", "A\r\n0123456789\r\n1F\r\n" + std::string(31, 'x') + "\r\n0\r\n\r\n", "0123456789" + std::string(31, 'x'), 57},
  {"lowercase_hex", "a\r\n0123456789\r\n0\r\n\r\n", "0123456789", 20},
  {"leading_zeros_16_digits", "000000000000000a\r\n0123456789\r\n0000000000000000\r\n\r\n", "0123456789", 50},
  {"data_with_crlf", "4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n", 14},
  {"binary_data", "4\r\n\0\xff\r\n\r\n0\r\n\r\n"s, "\0\xff\r\n"s, 14},
  {"followed_by_next_request", "3\r\nabc\r\n0\r\n\r\n" + next_request, "abc", 13},
  {"exactly_at_body_limit", "6\r\nabcdef\r\n4\r\nghij\r\n0\r\n\r\n", "abcdefghij", 25, body_limit(10)},
};
// clang-format on

void PrintTo(const ValidCase& c, std::ostream* os) { *os << c.name; }

class ChunkedValid : public ::testing::TestWithParam<ValidCase> {};

void expect_decoded(const Decoded& d, const ValidCase& c) {
  ASSERT_EQ(d.status, Status::done) << describe(d.error);
  EXPECT_EQ(d.body, c.body);
  EXPECT_EQ(d.body_size, c.body.size());
  EXPECT_EQ(d.consumed, c.consumed);
}

TEST_P(ChunkedValid, InOneGo) {
  const ValidCase& c = GetParam();
  expect_decoded(decode_in_place(c.raw, {}, c.limits), c);
  expect_decoded(decode_in_pieces(c.raw, {}, c.limits), c);
}

TEST_P(ChunkedValid, SplitInTwoAtEveryOffset) {
  const ValidCase& c = GetParam();
  for (std::size_t cut = 0; cut <= c.raw.size(); ++cut) {
    SCOPED_TRACE(cut);
    expect_decoded(decode_in_place(c.raw, {cut}, c.limits), c);
    expect_decoded(decode_in_pieces(c.raw, {cut}, c.limits), c);
  }
}

TEST_P(ChunkedValid, ByteByByte) {
  const ValidCase& c = GetParam();
  expect_decoded(decode_in_place(c.raw, every_byte(c.raw.size()), c.limits), c);
  expect_decoded(decode_in_pieces(c.raw, every_byte(c.raw.size()), c.limits), c);
}

TEST_P(ChunkedValid, EveryStrictPrefixNeedsMore) {
  const ValidCase& c = GetParam();
  for (std::size_t n = 0; n < c.consumed; ++n) {
    Decoded d = decode_in_pieces(std::string_view(c.raw).substr(0, n), {}, c.limits);
    ASSERT_EQ(d.status, Status::need_more) << "prefix of " << n << ": " << describe(d.error);
  }
}

INSTANTIATE_TEST_SUITE_P(Chunked, ChunkedValid, ::testing::ValuesIn(valid_cases),
                         [](const auto& test_info) { return std::string(test_info.param.name); });

TEST(ChunkedDecoder, DoneStaysDone) {
  Limits limits;
  ChunkedDecoder d(limits);
  std::string raw = "1\r\nx\r\n0\r\n\r\nGET";
  auto r = d.decode(raw, raw.data());
  ASSERT_EQ(r.status, Status::done);
  EXPECT_EQ(r.consumed, 11u);
  EXPECT_EQ(r.produced, 1u);
  r = d.decode(std::string_view(raw).substr(11), raw.data() + 1);
  EXPECT_EQ(r.status, Status::done);
  EXPECT_EQ(r.consumed, 0u);
  EXPECT_EQ(r.produced, 0u);
  EXPECT_EQ(d.body_size(), 1u);
}

TEST(ChunkedDecoder, OverTheBodyLimitIsRefusedBeforeTheData) {
  // The size line alone decides: no data byte of the oversized chunk is taken.
  Limits limits = body_limit(10);
  ChunkedDecoder d(limits);
  std::string raw = "6\r\nabcdef\r\n5\r\n";
  std::string out(raw.size(), '\0');
  auto r = d.decode(raw, out.data());
  ASSERT_EQ(r.status, Status::error);
  EXPECT_EQ(r.error, Error::body_too_large);
  EXPECT_EQ(r.produced, 6u);
  EXPECT_EQ(d.body_size(), 6u);
}

TEST(ChunkedDecoder, NeverReadsPastTheGuardPage) {
  const std::string raw = "5;a=\"b\\\"c\"\r\nhello\r\n0\r\nX: y\r\n\r\n";
  GuardedBuffer guard;
  Limits limits;
  for (std::size_t n = 0; n <= raw.size(); ++n) {
    ChunkedDecoder d(limits);
    std::string out(raw.size(), '\0');
    auto r = d.decode(guard.place(std::string_view(raw).substr(0, n)), out.data());
    EXPECT_EQ(r.status, n == raw.size() ? Status::done : Status::need_more) << n;
  }
}

// --- Malformed bodies -----------------------------------------------------------

struct MalformedCase {
  const char* name;
  std::string raw;
  Error error;
  int status;  // to_status(error)
  Limits limits = {};
};

Limits small_ext_limit() {
  Limits l;
  l.max_chunk_extension_bytes = 16;
  return l;
}
Limits small_header_limit() {
  Limits l;
  l.max_header_bytes = 32;
  return l;
}

// clang-format off
const MalformedCase malformed_cases[] = {
  // chunk-size = 1*HEXDIG (RFC 9112 §7.1)
  {"size_non_hex", "g\r\nabc\r\n", Error::bad_chunk_size, 400},
  {"size_empty", "\r\nabc\r\n", Error::bad_chunk_size, 400},
  {"size_leading_space", " 5\r\nhello\r\n", Error::bad_chunk_size, 400},
  {"size_negative", "-5\r\nhello\r\n", Error::bad_chunk_size, 400},
  {"size_plus_sign", "+5\r\nhello\r\n", Error::bad_chunk_size, 400},
  {"size_0x_prefix", "0x5\r\nhello\r\n", Error::bad_chunk_size, 400},
  {"size_17_hex_digits", "00000000000000001\r\nx\r\n", Error::bad_chunk_size, 400},
  {"size_overflow_17_digits", "10000000000000000\r\n", Error::bad_chunk_size, 400},
  // "5 6" must not be read as 5 with an extension, nor as 0x56: after the
  // size, whitespace may only precede ";" (chunk-ext's BWS).
  {"size_whitespace_then_digit", "5 6\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_size, 400},
  {"size_whitespace_then_token", "5 a=b\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_size, 400},
  {"size_lf_only", "5\nhello\r\n0\r\n\r\n", Error::bad_chunk_size, 400},
  {"size_bare_cr", "5\rhello\r\n", Error::bad_chunk_size, 400},
  {"last_chunk_lf_only", "0\n\r\n", Error::bad_chunk_size, 400},
  {"size_over_body_limit", "1000001\r\n", Error::body_too_large, 413},
  {"size_u64_max", "ffffffffffffffff\r\n", Error::body_too_large, 413},
  {"sizes_sum_over_body_limit", "6\r\nabcdef\r\n5\r\nghijk\r\n0\r\n\r\n", Error::body_too_large, 413, body_limit(10)},
  // chunk data CRLF
  {"data_missing_crlf", "5\r\nhelloX\r\n0\r\n\r\n", Error::bad_chunk_terminator, 400},
  {"data_longer_than_size", "5\r\nhello!\r\n0\r\n\r\n", Error::bad_chunk_terminator, 400},
  {"data_lf_only", "5\r\nhello\n0\r\n\r\n", Error::bad_chunk_terminator, 400},
  {"data_cr_without_lf", "5\r\nhello\rX0\r\n\r\n", Error::bad_chunk_terminator, 400},
  // chunk-ext
  {"ext_bad_char_at", "5;a@b\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_bad_char_comma", "5;a,b\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_ctrl", "5;a\x01\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_nul", "5;a\0\r\nhello\r\n0\r\n\r\n"s, Error::bad_chunk_extension, 400},
  {"ext_del", "5;a\x7f\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_non_ascii", "5;\xff\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_lf_only", "5;a\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_bare_cr", "5;a\rhello\r\n0\r\n\r\n", Error::bad_chunk_size, 400},
  {"ext_quoted_ctrl", "5;a=\"\x01\"\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_quoted_del", "5;a=\"\x7f\"\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_quoted_cr", "5;a=\"x\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_quoted_lf", "5;a=\"x\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  // A backslash inside quotes escapes the next byte: `\"` does not close the
  // string, so the CR after it is inside an unterminated quoted-string.
  {"ext_escaped_quote_does_not_close", "5;a=\"\\\"\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_escaped_ctrl", "5;a=\"\\\x01\"\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_unterminated_quote_over_limit", "5;a=\"" + std::string(5000, 'x'), Error::bad_chunk_extension, 400},
  {"ext_over_limit", "5;" + std::string(4100, 'a') + "\r\nhello\r\n0\r\n\r\n", Error::bad_chunk_extension, 400},
  {"ext_over_limit_across_chunks", "1;aaaaaaaaaa\r\nx\r\n1;aaaaaaaaaa\r\nx\r\n0\r\n\r\n", Error::bad_chunk_extension, 400, small_ext_limit()},
  // trailer-section = *( field-line CRLF ) CRLF
  {"trailer_obs_fold_space", "0\r\nX: a\r\n b\r\n\r\n", Error::bad_trailer, 400},
  {"trailer_obs_fold_htab", "0\r\nX: a\r\n\tb\r\n\r\n", Error::bad_trailer, 400},
  {"trailer_without_colon", "0\r\nX\r\n\r\n", Error::bad_trailer, 400},
  {"trailer_space_before_colon", "0\r\nX : a\r\n\r\n", Error::bad_trailer, 400},
  {"trailer_empty_name", "0\r\n: a\r\n\r\n", Error::bad_trailer, 400},
  {"trailer_nul_in_name", "0\r\nX\0: a\r\n\r\n"s, Error::bad_trailer, 400},
  {"trailer_ctrl_in_value", "0\r\nX: a\x01\r\n\r\n", Error::bad_trailer, 400},
  {"trailer_del_in_value", "0\r\nX: a\x7f\r\n\r\n", Error::bad_trailer, 400},
  {"trailer_bare_lf", "0\r\nX: a\n\r\n", Error::bad_trailer, 400},
  {"trailer_cr_without_lf", "0\r\nX: a\rb\r\n\r\n", Error::bad_trailer, 400},
  {"final_bare_lf", "0\r\n\n", Error::bad_trailer, 400},
  {"final_cr_without_lf", "0\r\n\rX", Error::bad_trailer, 400},
  {"trailer_too_large", "0\r\nX: " + std::string(16 * 1024, 'v') + "\r\n\r\n", Error::trailer_too_large, 431},
  {"trailer_too_large_many_lines", "0\r\nA: 0123456789\r\nB: 0123456789\r\nC: 0123456789\r\n\r\n", Error::trailer_too_large, 431, small_header_limit()},
};
// clang-format on

void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.name; }

class ChunkedMalformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(ChunkedMalformed, ReturnsTheExactErrorAndStatus) {
  const MalformedCase& c = GetParam();
  Decoded d = decode_in_pieces(c.raw, {}, c.limits);
  ASSERT_EQ(d.status, Status::error) << "consumed " << d.consumed;
  EXPECT_EQ(d.error, c.error) << "got " << describe(d.error) << ", want " << describe(c.error);
  EXPECT_EQ(to_status(c.error), c.status);
}

TEST_P(ChunkedMalformed, SameErrorHoweverSplit) {
  const MalformedCase& c = GetParam();
  const Decoded whole = decode_in_place(c.raw, {}, c.limits);
  ASSERT_EQ(whole.status, Status::error);
  EXPECT_EQ(whole.error, c.error);
  Decoded d = decode_in_pieces(c.raw, every_byte(c.raw.size()), c.limits);
  ASSERT_EQ(d.status, Status::error);
  EXPECT_EQ(d.error, c.error);
  EXPECT_EQ(d.consumed, whole.consumed);  // stopped at the same byte
  if (c.raw.size() > 512) return;         // the cases above already cover the long ones
  for (std::size_t cut = 0; cut <= c.raw.size(); ++cut) {
    d = decode_in_place(c.raw, {cut}, c.limits);
    ASSERT_EQ(d.status, Status::error) << cut;
    ASSERT_EQ(d.error, c.error) << cut;
    ASSERT_EQ(d.consumed, whole.consumed) << cut;
  }
}

INSTANTIATE_TEST_SUITE_P(Chunked, ChunkedMalformed, ::testing::ValuesIn(malformed_cases),
                         [](const auto& test_info) { return std::string(test_info.param.name); });

TEST(ChunkedMalformedTable, HasUniquelyNamedCases) {
  std::map<std::string, int> names;
  for (const MalformedCase& c : malformed_cases) ++names[c.name];
  for (const auto& [name, count] : names) EXPECT_EQ(count, 1) << name;
}

}  // namespace
}  // namespace spur::http
