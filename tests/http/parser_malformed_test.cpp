// Malformed and request-smuggling heads, one named line each, with the exact
// error the parser must return and the status that error maps to. Every
// prefix of a case must be incomplete or the same error: the answer may not
// depend on how the bytes were split across reads.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

#include "spur/http/parser.hpp"
#include "test_util.hpp"

namespace spur::http {
namespace {

using namespace std::string_literals;
using test::ExactCopy;
using test::HeadParser;

struct MalformedCase {
  const char* name;
  std::string raw;
  Error error;
  int status;          // to_status(error), spelled out so a changed mapping fails
  Limits limits = {};  // small limits keep the limit cases short
};

// A GET with Host and the given field lines.
std::string get(std::string_view fields) {
  return "GET / HTTP/1.1\r\nHost: a\r\n"s + std::string(fields) + "\r\n";
}
// A POST with Host and the given field lines.
std::string post(std::string_view fields) {
  return "POST / HTTP/1.1\r\nHost: a\r\n"s + std::string(fields) + "\r\n";
}
// A POST in HTTP/1.0.
std::string post10(std::string_view fields) {
  return "POST / HTTP/1.0\r\n"s + std::string(fields) + "\r\n";
}
// A request line with the given target.
std::string target(std::string_view t, std::string_view method = "GET") {
  return std::string(method) + " " + std::string(t) + " HTTP/1.1\r\nHost: a\r\n\r\n";
}
// A request line with the given version.
std::string version(std::string_view v) {
  return "GET / "s + std::string(v) + "\r\nHost: a\r\n\r\n";
}
std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}
// Many field lines.
std::string fields(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += "X-" + std::to_string(i) + ": v\r\n";
  return s;
}
Limits small_limits() {
  Limits l;
  l.max_target_bytes = 16;
  l.max_header_bytes = 64;
  l.max_header_count = 4;
  l.max_body_bytes = 100;
  return l;
}

// clang-format off
const MalformedCase head_cases[] = {
  // --- Framing: Content-Length and Transfer-Encoding (RFC 9112 §6, §11) ---
  {"cl_then_te_chunked", post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"), Error::content_length_with_chunked, 400},
  {"te_chunked_then_cl", post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"), Error::content_length_with_chunked, 400},
  {"te_chunked_and_cl_zero", post("Transfer-Encoding: chunked\r\nContent-Length: 0\r\n"), Error::content_length_with_chunked, 400},
  {"te_gzip_and_cl", post("Content-Length: 5\r\nTransfer-Encoding: gzip\r\n"), Error::content_length_with_chunked, 400},
  {"cl_differs_in_two_fields", post("Content-Length: 5\r\nContent-Length: 6\r\n"), Error::conflicting_content_length, 400},
  {"cl_differs_in_list", post("Content-Length: 5, 6\r\n"), Error::conflicting_content_length, 400},
  {"cl_same_then_different", post("Content-Length: 5, 5\r\nContent-Length: 50\r\n"), Error::conflicting_content_length, 400},
  {"cl_non_digit", post("Content-Length: 5a\r\n"), Error::bad_content_length, 400},
  {"cl_negative", post("Content-Length: -1\r\n"), Error::bad_content_length, 400},
  {"cl_plus_sign", post("Content-Length: +5\r\n"), Error::bad_content_length, 400},
  {"cl_hex", post("Content-Length: 0x10\r\n"), Error::bad_content_length, 400},
  {"cl_decimal_point", post("Content-Length: 5.0\r\n"), Error::bad_content_length, 400},
  {"cl_empty", post("Content-Length:\r\n"), Error::bad_content_length, 400},
  {"cl_only_commas", post("Content-Length: , ,\r\n"), Error::bad_content_length, 400},
  {"cl_space_inside", post("Content-Length: 1 2\r\n"), Error::bad_content_length, 400},
  {"cl_list_with_garbage", post("Content-Length: 5, x\r\n"), Error::bad_content_length, 400},
  {"cl_overflow_20_digits", post("Content-Length: 18446744073709551616\r\n"), Error::bad_content_length, 400},
  {"cl_overflow_leading_zeros", post("Content-Length: 00000000000000000001\r\n"), Error::bad_content_length, 400},
  {"cl_over_max_body", post("Content-Length: 16777217\r\n"), Error::body_too_large, 413},
  {"cl_19_digits_over_max_body", post("Content-Length: 9999999999999999999\r\n"), Error::body_too_large, 413},
  {"te_chunked_then_gzip", post("Transfer-Encoding: chunked, gzip\r\n"), Error::chunked_not_final, 400},
  {"te_gzip_alone", post("Transfer-Encoding: gzip\r\n"), Error::chunked_not_final, 400},
  // Not chunked-final, so the body length is unknowable: RFC 9112 §6.3 says
  // 400 (MUST) before §6.1's 501 for an unknown coding (SHOULD) can apply.
  {"te_unknown_alone_is_not_final", post("Transfer-Encoding: foo\r\n"), Error::chunked_not_final, 400},
  {"te_chunk_misspelled", post("Transfer-Encoding: chunk\r\n"), Error::chunked_not_final, 400},
  {"te_identity", post("Transfer-Encoding: identity\r\n"), Error::chunked_not_final, 400},
  {"te_chunked_with_parameter", post("Transfer-Encoding: chunked;q=1\r\n"), Error::chunked_not_final, 400},
  {"te_chunked_then_unknown_field", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: foo\r\n"), Error::chunked_not_final, 400},
  {"te_chunked_twice", post("Transfer-Encoding: chunked, chunked\r\n"), Error::chunked_not_final, 400},
  {"te_chunked_twice_in_two_fields", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"), Error::chunked_not_final, 400},
  {"te_empty", post("Transfer-Encoding:\r\n"), Error::chunked_not_final, 400},
  {"te_only_commas", post("Transfer-Encoding: ,\r\n"), Error::chunked_not_final, 400},
  {"te_gzip_then_chunked", post("Transfer-Encoding: gzip, chunked\r\n"), Error::unknown_transfer_coding, 501},
  {"te_unknown_then_chunked", post("Transfer-Encoding: foo, chunked\r\n"), Error::unknown_transfer_coding, 501},
  {"te_gzip_field_then_chunked_field", post("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"), Error::unknown_transfer_coding, 501},
  {"te_in_http10", post10("Transfer-Encoding: chunked\r\n"), Error::transfer_encoding_in_http10, 400},
  {"te_in_http10_with_cl", post10("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"), Error::transfer_encoding_in_http10, 400},
  {"te_vertical_tab_before_chunked", post("Transfer-Encoding: \x0b" "chunked\r\n"), Error::bad_header_value, 400},
  {"te_space_before_colon", post("Transfer-Encoding : chunked\r\n"), Error::space_before_colon, 400},
  {"cl_space_before_colon", post("Content-Length : 5\r\n"), Error::space_before_colon, 400},
  {"te_obs_fold", post("Transfer-Encoding: gzip,\r\n chunked\r\n"), Error::obs_fold, 400},
  {"expect_other", post("Content-Length: 1\r\nExpect: 200-ok\r\n"), Error::expectation_failed, 417},
  {"expect_continue_and_more", post("Content-Length: 1\r\nExpect: 100-continue, foo\r\n"), Error::expectation_failed, 417},
  {"expect_empty", post("Content-Length: 1\r\nExpect:\r\n"), Error::expectation_failed, 417},

  // --- Field syntax (RFC 9112 §5) ---
  {"space_before_colon", get("X-A : b\r\n"), Error::space_before_colon, 400},
  {"tab_before_colon", get("X-A\t: b\r\n"), Error::space_before_colon, 400},
  // The name "Na" is followed by whitespace where the colon must be: the same
  // RFC 9112 §5.1 rule, reported before the rest of the line is looked at.
  {"space_inside_name", get("Na me: x\r\n"), Error::space_before_colon, 400},
  {"obs_fold_space", get("X-A: b\r\n c\r\n"), Error::obs_fold, 400},
  {"obs_fold_htab", get("X-A: b\r\n\tc\r\n"), Error::obs_fold, 400},
  {"leading_space_first_field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", Error::bad_header_name, 400},
  {"leading_tab_first_field", "GET / HTTP/1.1\r\n\tHost: a\r\n\r\n", Error::bad_header_name, 400},
  {"empty_field_name", get(": x\r\n"), Error::bad_header_name, 400},
  {"name_with_paren", get("Na(me: x\r\n"), Error::bad_header_name, 400},
  {"name_with_slash", get("Na/me: x\r\n"), Error::bad_header_name, 400},
  {"name_with_at", get("Na@me: x\r\n"), Error::bad_header_name, 400},
  {"name_non_ascii", get("N\xc3\xa9: x\r\n"), Error::bad_header_name, 400},
  {"name_with_nul", get("Na\0me: x\r\n"s), Error::bad_header_name, 400},
  {"field_without_colon", get("NoColon\r\n"), Error::bad_header_name, 400},
  {"value_nul", get("X-A: a\0b\r\n"s), Error::bad_header_value, 400},
  {"value_ctrl_01", get("X-A: a\x01" "b\r\n"), Error::bad_header_value, 400},
  {"value_escape_1b", get("X-A: a\x1b" "[0m\r\n"), Error::bad_header_value, 400},
  {"value_del", get("X-A: a\x7f" "b\r\n"), Error::bad_header_value, 400},
  {"value_bare_cr", get("X-A: a\rb\r\n"), Error::bad_line_ending, 400},
  {"value_bare_lf", get("X-A: a\nX-B: b\r\n"), Error::bad_line_ending, 400},
  {"header_line_bare_lf", get("X-A: a\n"), Error::bad_line_ending, 400},
  {"final_line_bare_lf", "GET / HTTP/1.1\r\nHost: a\r\n\n", Error::bad_line_ending, 400},
  {"final_line_cr_without_lf", "GET / HTTP/1.1\r\nHost: a\r\n\rX", Error::bad_line_ending, 400},
  {"all_bare_lf", "GET / HTTP/1.1\nHost: a\n\n", Error::bad_line_ending, 400},
  {"request_line_bare_lf", "GET / HTTP/1.1\nHost: a\r\n\r\n", Error::bad_line_ending, 400},
  {"request_line_cr_without_lf", "GET / HTTP/1.1\rHost: a\r\n\r\n", Error::bad_line_ending, 400},
  {"leading_cr_without_lf", "\rGET / HTTP/1.1\r\nHost: a\r\n\r\n", Error::bad_line_ending, 400},
  {"leading_bare_lf", "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", Error::bad_request_line, 400},
  {"leading_crlf_more_than_eight", repeat("\r\n", 9) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", Error::bad_request_line, 400},

  // --- Host (RFC 9112 §3.2, RFC 9110 §7.2) ---
  {"missing_host", "GET / HTTP/1.1\r\nX: y\r\n\r\n", Error::missing_host, 400},
  {"missing_host_absolute_form", "GET http://a/ HTTP/1.1\r\n\r\n", Error::missing_host, 400},
  {"duplicate_host", get("Host: b\r\n"), Error::duplicate_host, 400},
  {"duplicate_host_same_value", get("host: a\r\n"), Error::duplicate_host, 400},
  {"duplicate_host_http10", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", Error::duplicate_host, 400},
  {"host_with_space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", Error::bad_host, 400},
  {"host_with_slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", Error::bad_host, 400},
  {"host_with_at", "GET / HTTP/1.1\r\nHost: a@b\r\n\r\n", Error::bad_host, 400},
  {"host_with_bad_port", "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", Error::bad_host, 400},
  {"host_two_ports", "GET / HTTP/1.1\r\nHost: a:1:2\r\n\r\n", Error::bad_host, 400},
  {"host_unclosed_ip_literal", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", Error::bad_host, 400},
  {"host_non_ascii", "GET / HTTP/1.1\r\nHost: \xc3\xa9.example\r\n\r\n", Error::bad_host, 400},
  // The authority of an absolute-form target becomes head.host, so it gets
  // the same checks as the Host field (RFC 9110 §4.2.1, §4.2.4).
  {"absolute_form_userinfo", target("http://user@a/"), Error::bad_target, 400},
  {"absolute_form_empty_authority", target("http:///a"), Error::bad_target, 400},
  {"absolute_form_bad_port", target("http://a:b/"), Error::bad_target, 400},

  // --- Request line (RFC 9112 §3) ---
  {"target_with_space", "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", Error::bad_version, 400},
  {"target_with_ctrl", target("/a\x01"), Error::bad_target, 400},
  {"target_with_nul", target("/a\0"s), Error::bad_target, 400},
  {"target_with_tab", target("/a\tb"), Error::bad_target, 400},
  {"target_non_ascii", target("/caf\xc3\xa9"), Error::bad_target, 400},
  {"target_with_del", target("/a\x7f"), Error::bad_target, 400},
  {"target_relative", target("a/b"), Error::bad_target, 400},
  {"asterisk_form_with_get", target("*"), Error::bad_target, 400},
  {"authority_form_with_get", target("example.com:80"), Error::bad_target, 400},
  {"connect_origin_form", target("/", "CONNECT"), Error::bad_target, 400},
  {"connect_asterisk_form", target("*", "CONNECT"), Error::bad_target, 400},
  {"connect_absolute_form", target("http://a:1/", "CONNECT"), Error::bad_target, 400},
  {"connect_without_port", target("example.com", "CONNECT"), Error::bad_target, 400},
  {"connect_ip_literal_without_port", target("[::1]", "CONNECT"), Error::bad_target, 400},
  {"connect_empty_port", target("example.com:", "CONNECT"), Error::bad_target, 400},
  {"missing_target", "GET HTTP/1.1\r\nHost: a\r\n\r\n", Error::bad_request_line, 400},
  {"double_space_after_method", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", Error::bad_request_line, 400},
  {"double_space_before_version", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", Error::bad_version, 400},
  {"tab_after_method", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", Error::bad_request_line, 400},
  {"version_lowercase", version("http/1.1"), Error::bad_version, 400},
  {"version_1_2", version("HTTP/1.2"), Error::version_not_supported, 505},
  {"version_2_0", version("HTTP/2.0"), Error::version_not_supported, 505},
  {"version_0_9", version("HTTP/0.9"), Error::version_not_supported, 505},
  {"version_without_minor", version("HTTP/1"), Error::bad_version, 400},
  {"version_two_digit_minor", version("HTTP/1.10"), Error::bad_version, 400},
  {"version_trailing_space", version("HTTP/1.1 "), Error::bad_version, 400},
  {"version_garbage", version("FOO/1.1"), Error::bad_version, 400},
  {"version_missing", "GET /\r\nHost: a\r\n\r\n", Error::bad_request_line, 400},
  {"method_non_token", "G@T / HTTP/1.1\r\nHost: a\r\n\r\n", Error::bad_request_line, 400},
  {"method_empty", " / HTTP/1.1\r\nHost: a\r\n\r\n", Error::bad_request_line, 400},
  {"method_with_nul", "GE\0T / HTTP/1.1\r\nHost: a\r\n\r\n"s, Error::bad_request_line, 400},
  {"method_over_32_chars", target("/", std::string(33, 'M')), Error::method_too_long, 501},
  {"method_over_32_chars_incomplete", std::string(33, 'M'), Error::method_too_long, 501},
  // Methods are case-sensitive, and one no registry knows is refused (Node does too).
  {"method_lower_case", "get / HTTP/1.1\r\nHost: a\r\n\r\n", Error::unknown_method, 501},
  {"method_unregistered", "FOO / HTTP/1.1\r\nHost: a\r\n\r\n", Error::unknown_method, 501},
  {"method_unregistered_incomplete", "BREW ", Error::unknown_method, 501},

  // --- Limits (include/spur/http/limits.hpp) ---
  {"target_over_limit", target("/" + std::string(8192, 'a')), Error::target_too_long, 414},
  {"target_over_limit_incomplete", "GET /" + std::string(8192, 'a'), Error::target_too_long, 414},
  {"target_over_small_limit", target("/0123456789abcdef"), Error::target_too_long, 414, small_limits()},
  // The limit is judged on the target's own bytes: a line that ends before the
  // limit is a malformed line, however many bytes follow it.
  {"target_limit_stops_at_line_end", "GET /\r\n" + std::string(40, 'x'), Error::bad_request_line, 400, small_limits()},
  {"target_limit_stops_at_ctrl", "GET /\x01" + std::string(40, 'x'), Error::bad_target, 400, small_limits()},
  {"head_over_limit", get("X: " + std::string(16 * 1024, 'v') + "\r\n"), Error::header_section_too_large, 431},
  {"head_over_limit_incomplete", "GET / HTTP/1.1\r\nX: " + std::string(16 * 1024, 'v'), Error::header_section_too_large, 431},
  {"head_over_limit_many_lines", get(fields(90) + "X-Pad: " + std::string(16 * 1024 - 500, 'p') + "\r\n"), Error::header_section_too_large, 431},
  {"head_over_small_limit", get("X: " + std::string(64, 'v') + "\r\n"), Error::header_section_too_large, 431, small_limits()},
  {"head_over_small_limit_in_name", "GET / HTTP/1.1\r\n" + std::string(64, 'N'), Error::header_section_too_large, 431, small_limits()},
  // Once the head is over its limit, that is the answer, whatever byte the
  // scan stopped at: otherwise the status would depend on read boundaries.
  {"head_limit_before_bad_value", "GET / HTTP/1.1\r\nX: " + std::string(64, 'v') + "\x01\r\n\r\n", Error::header_section_too_large, 431, small_limits()},
  {"head_limit_before_bad_name", "GET / HTTP/1.1\r\n" + std::string(64, 'N') + " : v\r\n\r\n", Error::header_section_too_large, 431, small_limits()},
  {"head_limit_on_final_crlf", "GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(33, 'v') + "\r\n\r\n", Error::header_section_too_large, 431, small_limits()},
  {"too_many_headers", get(fields(100)), Error::too_many_headers, 431},
  {"too_many_headers_small", get(fields(4)), Error::too_many_headers, 431, small_limits()},
  {"too_many_headers_incomplete", "GET / HTTP/1.1\r\nHost: a\r\n" + fields(4), Error::too_many_headers, 431, small_limits()},
  {"cl_over_small_body_limit", post("Content-Length: 101\r\n"), Error::body_too_large, 413, small_limits()},
};
// clang-format on

void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.name; }

class MalformedHead : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedHead, ReturnsTheExactErrorAndStatus) {
  const MalformedCase& c = GetParam();
  HeadParser p(256);
  ExactCopy in(c.raw);
  ParseResult r = p.parse(in.view(), c.limits);
  ASSERT_EQ(r.status, ParseStatus::error) << "consumed " << r.consumed;
  EXPECT_EQ(r.error, c.error) << "got " << describe(r.error) << ", want " << describe(c.error);
  EXPECT_EQ(to_status(c.error), c.status);
  EXPECT_EQ(r.consumed, 0u);
}

TEST_P(MalformedHead, EveryPrefixIsIncompleteOrTheSameError) {
  const MalformedCase& c = GetParam();
  // Long cases are sampled: every byte near the start and the end, a stride
  // in between.
  const std::size_t n = c.raw.size();
  for (std::size_t len = 0; len < n; len += (len < 256 || n - len < 256) ? 1 : 61) {
    HeadParser p(256);
    ExactCopy in(std::string_view(c.raw).substr(0, len));
    ParseResult r = p.parse(in.view(), c.limits);
    if (r.status == ParseStatus::incomplete) continue;
    ASSERT_EQ(r.status, ParseStatus::error) << "prefix of " << len << " bytes is complete";
    ASSERT_EQ(r.error, c.error) << "prefix of " << len << " bytes: " << describe(r.error);
  }
}

INSTANTIATE_TEST_SUITE_P(Head, MalformedHead, ::testing::ValuesIn(head_cases),
                         [](const auto& test_info) { return std::string(test_info.param.name); });

TEST(MalformedHeadTable, HasEnoughUniquelyNamedCases) {
  std::map<std::string, int> names;
  for (const MalformedCase& c : head_cases) ++names[c.name];
  for (const auto& [name, count] : names) EXPECT_EQ(count, 1) << name;
  EXPECT_GE(std::size(head_cases), 60u);
}

// --- Error → status -----------------------------------------------------------

TEST(ErrorStatus, EveryErrorHasAnErrorStatusAndADescription) {
  for (int e = static_cast<int>(Error::bad_request_line);
       e <= static_cast<int>(Error::body_memory_full); ++e) {
    const auto err = static_cast<Error>(e);
    const int s = to_status(err);
    EXPECT_TRUE(s == 400 || s == 408 || s == 413 || s == 414 || s == 417 || s == 431 || s == 501 ||
                s == 503 || s == 505)
        << e;
    EXPECT_STRNE(describe(err), "Bad request") << e;  // the fallback: a value lacks its own text
    EXPECT_EQ(std::error_code(err).message(), describe(err));
    EXPECT_STREQ(std::error_code(err).category().name(), "spur.http");
  }
}

// docs/http.md carries the error table; it must say what the code does.
TEST(ErrorStatus, DocumentationTableMatchesTheCode) {
  std::ifstream f(SPUR_SOURCE_DIR "/docs/http.md");
  ASSERT_TRUE(f) << "docs/http.md not found";
  std::map<std::string, std::pair<int, std::string>> documented;
  std::string line;
  // Rows of the "## Errors" section look like: | `name` | 400 | Description | Why |
  bool in_section = false;
  while (std::getline(f, line)) {
    if (line.rfind("## ", 0) == 0) in_section = line.rfind("## Errors", 0) == 0;
    if (!in_section || line.rfind("| `", 0) != 0) continue;
    std::istringstream row(line);
    std::string cell[4];
    for (int i = 0; i < 4 && std::getline(row, cell[i], '|');) {
      if (i == 0 && cell[0].empty()) continue;  // before the first bar
      ++i;
    }
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(" `"));
      s.erase(s.find_last_not_of(" `") + 1);
      return s;
    };
    documented[trim(cell[0])] = {std::atoi(trim(cell[1]).c_str()), trim(cell[2])};
  }
  const std::pair<const char*, Error> all[] = {
#define SPUR_E(x) {#x, Error::x}
      SPUR_E(bad_request_line),
      SPUR_E(method_too_long),
      SPUR_E(unknown_method),
      SPUR_E(bad_target),
      SPUR_E(target_too_long),
      SPUR_E(bad_version),
      SPUR_E(version_not_supported),
      SPUR_E(bad_line_ending),
      SPUR_E(bad_header_name),
      SPUR_E(space_before_colon),
      SPUR_E(obs_fold),
      SPUR_E(bad_header_value),
      SPUR_E(header_section_too_large),
      SPUR_E(too_many_headers),
      SPUR_E(missing_host),
      SPUR_E(duplicate_host),
      SPUR_E(bad_host),
      SPUR_E(bad_content_length),
      SPUR_E(conflicting_content_length),
      SPUR_E(content_length_with_chunked),
      SPUR_E(chunked_not_final),
      SPUR_E(unknown_transfer_coding),
      SPUR_E(transfer_encoding_in_http10),
      SPUR_E(body_too_large),
      SPUR_E(expectation_failed),
      SPUR_E(bad_chunk_size),
      SPUR_E(bad_chunk_extension),
      SPUR_E(bad_chunk_terminator),
      SPUR_E(bad_trailer),
      SPUR_E(trailer_too_large),
      SPUR_E(header_timeout),
      SPUR_E(body_timeout),
      SPUR_E(body_memory_full),
#undef SPUR_E
  };
  EXPECT_EQ(documented.size(), std::size(all));
  for (const auto& [name, e] : all) {
    SCOPED_TRACE(name);
    auto it = documented.find(name);
    ASSERT_NE(it, documented.end());
    EXPECT_EQ(it->second.first, to_status(e));
    EXPECT_EQ(it->second.second, describe(e));
  }
}

}  // namespace
}  // namespace spur::http
