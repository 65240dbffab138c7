// Valid requests: what the head parser yields, that it copies nothing, that
// every prefix of a valid head is merely incomplete ("parsegrind"), and that
// it never reads past the bytes it is given.
#include "spur/http/parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "test_util.hpp"

namespace spur::http {
namespace {

using namespace std::string_literals;
using test::ExactCopy;
using test::GuardedBuffer;
using test::HeadParser;
using test::within;

// Every view of `h` points into `in`, except the "/" that absolute-form
// without a path yields by definition.
void expect_zero_copy(const RequestHead& h, std::string_view in) {
  EXPECT_TRUE(within(h.method_token, in));
  EXPECT_TRUE(within(h.target, in));
  if (!h.path.empty() && !(h.target_form == TargetForm::absolute && h.path == "/")) {
    EXPECT_TRUE(within(h.path, in));
  }
  if (!h.query.empty()) {
    EXPECT_TRUE(within(h.query, in));
  }
  if (!h.host.empty()) {
    EXPECT_TRUE(within(h.host, in));
  }
  for (const Header& f : h.headers) {
    EXPECT_TRUE(within(f.name, in)) << f.name;
    EXPECT_TRUE(within(f.value, in)) << f.name;
  }
}

TEST(Parser, GetWithHeaders) {
  const std::string in =
      "GET /index.html?lang=en&x=1 HTTP/1.1\r\n"
      "Host: example.com\r\n"
      "User-Agent: spur-test/1.0\r\n"
      "Accept: */*\r\n"
      "Accept-Encoding: gzip, br\r\n"
      "\r\n";
  HeadParser p;
  ParseResult r = p.parse(in);
  ASSERT_EQ(r.status, ParseStatus::complete);
  EXPECT_EQ(r.consumed, in.size());
  const RequestHead& h = p.head;
  EXPECT_EQ(h.method, Method::get);
  EXPECT_EQ(h.method_token, "GET");
  EXPECT_EQ(h.target, "/index.html?lang=en&x=1");
  EXPECT_EQ(h.target_form, TargetForm::origin);
  EXPECT_EQ(h.path, "/index.html");
  EXPECT_EQ(h.query, "lang=en&x=1");
  EXPECT_EQ(h.version_minor, 1);
  EXPECT_EQ(h.host, "example.com");
  ASSERT_EQ(h.headers.size(), 4u);
  EXPECT_EQ(h.headers[0].name, "Host");
  EXPECT_EQ(h.headers[1].name, "User-Agent");
  EXPECT_EQ(h.headers[1].value, "spur-test/1.0");
  EXPECT_EQ(h.headers[3].value, "gzip, br");
  ASSERT_NE(h.find("accept-ENCODING"), nullptr);
  EXPECT_EQ(h.find("accept-encoding")->value, "gzip, br");
  EXPECT_EQ(h.find("Cookie"), nullptr);
  EXPECT_EQ(h.framing, BodyFraming::none);
  EXPECT_TRUE(h.keep_alive);
  EXPECT_FALSE(h.expect_continue);
  EXPECT_FALSE(h.upgrade);
}

TEST(Parser, ViewsPointIntoTheInputBuffer) {
  const std::string in =
      "POST /a/b?c=d HTTP/1.1\r\nHost: example.com:8080\r\nX-One: 1\r\nContent-Length: 0\r\n\r\n";
  HeadParser p;
  ASSERT_EQ(p.parse(in).status, ParseStatus::complete);
  const RequestHead& h = p.head;
  // Exact positions, not just containment: the views are the input's bytes.
  EXPECT_EQ(h.method_token.data(), in.data());
  EXPECT_EQ(h.target.data(), in.data() + 5);
  EXPECT_EQ(h.path.data(), in.data() + 5);
  EXPECT_EQ(h.query.data(), in.data() + in.find("c=d"));
  EXPECT_EQ(h.host.data(), in.data() + in.find("example.com"));
  EXPECT_EQ(h.headers[1].name.data(), in.data() + in.find("X-One"));
  EXPECT_EQ(h.headers[1].value.data(), in.data() + in.find("1\r\nContent"));
  expect_zero_copy(h, in);
}

TEST(Parser, MethodsAreCaseSensitiveTokens) {
  HeadParser p;
  ASSERT_EQ(p.parse("PROPFIND /x HTTP/1.1\r\nHost: a\r\n\r\n").status, ParseStatus::complete);
  EXPECT_EQ(p.head.method, Method::other);
  EXPECT_EQ(p.head.method_token, "PROPFIND");
  ASSERT_EQ(p.parse("PURGE /x HTTP/1.1\r\nHost: a\r\n\r\n").status, ParseStatus::complete);
  EXPECT_EQ(p.head.method, Method::other);  // in Node's list, not the IANA registry
  ASSERT_EQ(p.parse("DELETE /x HTTP/1.1\r\nHost: a\r\n\r\n").status, ParseStatus::complete);
  EXPECT_EQ(p.head.method, Method::delete_);
}

TEST(Parser, OriginFormPathAndQuery) {
  struct Case {
    std::string_view target, path, query;
  };
  const Case cases[] = {
      {"/", "/", ""},    {"/a/b", "/a/b", ""},
      {"/a?", "/a", ""}, {"/a?b=c?d", "/a", "b=c?d"},
      {"/?x", "/", "x"}, {"/%20a%3F?q=%26", "/%20a%3F", "q=%26"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.target);
    const std::string in = "GET "s + std::string(c.target) + " HTTP/1.1\r\nHost: a\r\n\r\n";
    HeadParser p;
    ASSERT_EQ(p.parse(in).status, ParseStatus::complete);
    EXPECT_EQ(p.head.target_form, TargetForm::origin);
    EXPECT_EQ(p.head.target, c.target);
    EXPECT_EQ(p.head.path, c.path);
    EXPECT_EQ(p.head.query, c.query);
    expect_zero_copy(p.head, in);
  }
}

TEST(Parser, AbsoluteFormTakesHostFromTheTarget) {
  const std::string in =
      "GET http://example.com:8080/p/q?x=1 HTTP/1.1\r\nHost: ignored.example\r\n\r\n";
  HeadParser p;
  ASSERT_EQ(p.parse(in).status, ParseStatus::complete);
  EXPECT_EQ(p.head.target_form, TargetForm::absolute);
  // RFC 9112 §3.2.2: the target's authority wins over the Host field.
  EXPECT_EQ(p.head.host, "example.com:8080");
  EXPECT_EQ(p.head.path, "/p/q");
  EXPECT_EQ(p.head.query, "x=1");
  expect_zero_copy(p.head, in);
}

TEST(Parser, AbsoluteFormWithoutPath) {
  HeadParser p;
  std::string in = "GET https://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n";
  ASSERT_EQ(p.parse(in).status, ParseStatus::complete);
  EXPECT_EQ(p.head.target_form, TargetForm::absolute);
  EXPECT_EQ(p.head.host, "example.com");
  EXPECT_EQ(p.head.path, "/");
  EXPECT_EQ(p.head.query, "");

  in = "GET http://example.com?a=b HTTP/1.1\r\nHost: example.com\r\n\r\n";
  ASSERT_EQ(p.parse(in).status, ParseStatus::complete);
  EXPECT_EQ(p.head.host, "example.com");
  EXPECT_EQ(p.head.path, "/");
  EXPECT_EQ(p.head.query, "a=b");
  expect_zero_copy(p.head, in);
}

TEST(Parser, AsteriskFormForOptions) {
  HeadParser p;
  ASSERT_EQ(p.parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").status, ParseStatus::complete);
  EXPECT_EQ(p.head.method, Method::options);
  EXPECT_EQ(p.head.target_form, TargetForm::asterisk);
  EXPECT_EQ(p.head.target, "*");
  EXPECT_EQ(p.head.path, "");
  EXPECT_EQ(p.head.host, "a");
}

TEST(Parser, AuthorityFormForConnect) {
  HeadParser p;
  ASSERT_EQ(p.parse("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n").status,
            ParseStatus::complete);
  EXPECT_EQ(p.head.method, Method::connect);
  EXPECT_EQ(p.head.target_form, TargetForm::authority);
  EXPECT_EQ(p.head.target, "example.com:443");
  EXPECT_EQ(p.head.path, "");

  ASSERT_EQ(p.parse("CONNECT [2001:db8::1]:443 HTTP/1.1\r\nHost: [2001:db8::1]:443\r\n\r\n").status,
            ParseStatus::complete);
  EXPECT_EQ(p.head.target_form, TargetForm::authority);
  EXPECT_EQ(p.head.host, "[2001:db8::1]:443");
}

TEST(Parser, KeepAliveRules) {
  struct Case {
    int minor;
    const char* connection;  // nullptr: no Connection field
    bool keep_alive;
  };
  const Case cases[] = {
      {1, nullptr, true},
      {1, "close", false},
      {1, "Close", false},
      {1, "CLOSE", false},
      {1, "keep-alive", true},
      {1, "upgrade, close", false},
      {1, "foo,  close ,bar", false},
      {1, "closed", true},  // a different token, not "close"
      {1, "", true},
      {0, nullptr, false},
      {0, "keep-alive", true},
      {0, "Keep-Alive", true},
      {0, "foo, keep-alive", true},
      {0, "keep-alive, close", false},
      {0, "close", false},
      {0, "keep-alives", false},
  };
  for (const Case& c : cases) {
    std::string in = "GET / HTTP/1." + std::to_string(c.minor) + "\r\nHost: a\r\n";
    if (c.connection) in += "Connection: "s + c.connection + "\r\n";
    in += "\r\n";
    SCOPED_TRACE(in);
    HeadParser p;
    ASSERT_EQ(p.parse(in).status, ParseStatus::complete);
    EXPECT_EQ(p.head.version_minor, c.minor);
    EXPECT_EQ(p.head.keep_alive, c.keep_alive);
  }
}

TEST(Parser, ConnectionTokensAcrossSeveralFields) {
  HeadParser p;
  ASSERT_EQ(
      p.parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo\r\nConnection: close\r\n\r\n").status,
      ParseStatus::complete);
  EXPECT_FALSE(p.head.keep_alive);
}

TEST(Parser, Http10WithoutHostIsAccepted) {
  HeadParser p;
  ASSERT_EQ(p.parse("GET / HTTP/1.0\r\n\r\n").status, ParseStatus::complete);
  EXPECT_EQ(p.head.version_minor, 0);
  EXPECT_EQ(p.head.host, "");
  EXPECT_TRUE(p.head.headers.empty());
}

TEST(Parser, LeadingEmptyLinesAreSkippedAndCounted) {
  const std::string in = "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n";
  HeadParser p;
  ParseResult r = p.parse(in);
  ASSERT_EQ(r.status, ParseStatus::complete);
  EXPECT_EQ(r.consumed, in.size());
  EXPECT_EQ(p.head.method_token.data(), in.data() + 4);
}

TEST(Parser, ContentLengthFraming) {
  HeadParser p;
  const std::string head = "POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n";
  ParseResult r = p.parse(head + "hello world");
  ASSERT_EQ(r.status, ParseStatus::complete);
  EXPECT_EQ(r.consumed, head.size());  // the body is not part of the head
  EXPECT_EQ(p.head.framing, BodyFraming::content_length);
  EXPECT_EQ(p.head.content_length, 11u);

  ASSERT_EQ(p.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").status,
            ParseStatus::complete);
  EXPECT_EQ(p.head.framing, BodyFraming::none);
  EXPECT_EQ(p.head.content_length, 0u);

  ASSERT_EQ(p.parse("POST / HTTP/1.1\r\nHost: a\r\ncontent-length: 007\r\n\r\n").status,
            ParseStatus::complete);
  EXPECT_EQ(p.head.content_length, 7u);
}

TEST(Parser, ContentLengthAtTheBodyLimit) {
  Limits limits;
  limits.max_body_bytes = 100;
  HeadParser p;
  ASSERT_EQ(p.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n", limits).status,
            ParseStatus::complete);
  EXPECT_EQ(p.head.content_length, 100u);
  ParseResult r = p.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n", limits);
  ASSERT_EQ(r.status, ParseStatus::error);
  EXPECT_EQ(r.error, Error::body_too_large);
}

TEST(Parser, IdenticalRepeatedContentLengthIsAccepted) {
  HeadParser p;
  ASSERT_EQ(p.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n")
                .status,
            ParseStatus::complete);
  EXPECT_EQ(p.head.framing, BodyFraming::content_length);
  EXPECT_EQ(p.head.content_length, 3u);

  ASSERT_EQ(p.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3 ,3\r\n\r\n").status,
            ParseStatus::complete);
  EXPECT_EQ(p.head.content_length, 3u);
}

TEST(Parser, ChunkedFraming) {
  for (const char* te : {"chunked", "Chunked", "CHUNKED", "chunked ", "\tchunked", ", chunked,"}) {
    SCOPED_TRACE(te);
    HeadParser p;
    const std::string in = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "s + te + "\r\n\r\n";
    ASSERT_EQ(p.parse(in).status, ParseStatus::complete);
    EXPECT_EQ(p.head.framing, BodyFraming::chunked);
    EXPECT_EQ(p.head.content_length, 0u);
  }
}

TEST(Parser, ExpectContinue) {
  HeadParser p;
  const std::string h = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n";
  ASSERT_EQ(p.parse(h + "Expect: 100-continue\r\n\r\n").status, ParseStatus::complete);
  EXPECT_TRUE(p.head.expect_continue);
  ASSERT_EQ(p.parse(h + "Expect: 100-Continue\r\n\r\n").status, ParseStatus::complete);
  EXPECT_TRUE(p.head.expect_continue);
  ASSERT_EQ(p.parse(h + "\r\n").status, ParseStatus::complete);
  EXPECT_FALSE(p.head.expect_continue);
}

TEST(Parser, ExpectContinueIsIgnoredInHttp10) {
  // RFC 9110 §10.1.1: a 100-continue expectation in HTTP/1.0 MUST be ignored,
  // and §15.2 forbids sending a 1xx to an HTTP/1.0 client.
  HeadParser p;
  ASSERT_EQ(p.parse("POST / HTTP/1.0\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n").status,
            ParseStatus::complete);
  EXPECT_FALSE(p.head.expect_continue);
}

TEST(Parser, Upgrade) {
  HeadParser p;
  ASSERT_EQ(p.parse("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\n"
                    "Upgrade: websocket\r\n\r\n")
                .status,
            ParseStatus::complete);
  EXPECT_TRUE(p.head.upgrade);
  EXPECT_TRUE(p.head.keep_alive);
  // Connection: upgrade without an Upgrade field is not an upgrade.
  ASSERT_EQ(p.parse("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\n\r\n").status,
            ParseStatus::complete);
  EXPECT_FALSE(p.head.upgrade);
}

TEST(Parser, HeaderValueOwsIsTrimmed) {
  const std::string in =
      "GET / HTTP/1.1\r\nHost:a\r\nX-A: \t v a  l \t\r\nX-Empty:\r\nX-Blank:  \t "
      "\r\nX-T:\tx\r\n\r\n";
  HeadParser p;
  ASSERT_EQ(p.parse(in).status, ParseStatus::complete);
  ASSERT_EQ(p.head.headers.size(), 5u);
  EXPECT_EQ(p.head.headers[0].value, "a");
  EXPECT_EQ(p.head.headers[1].value, "v a  l");  // inner whitespace is kept
  EXPECT_EQ(p.head.headers[2].value, "");
  EXPECT_EQ(p.head.headers[3].value, "");
  EXPECT_EQ(p.head.headers[4].value, "x");
  expect_zero_copy(p.head, in);
}

TEST(Parser, ObsTextIsAllowedInValues) {
  const std::string in = "GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\xc3\xa9 \x80\xff\r\n\r\n";
  HeadParser p;
  ASSERT_EQ(p.parse(in).status, ParseStatus::complete);
  EXPECT_EQ(p.head.find("x-name")->value, "caf\xc3\xa9 \x80\xff");
}

TEST(Parser, HeaderCountExactlyAtTheLimit) {
  Limits limits;  // the default limit, 100 fields
  std::string in = "GET / HTTP/1.1\r\nHost: a\r\n";
  for (std::size_t i = 1; i < limits.max_header_count; ++i)
    in += "X-" + std::to_string(i) + ": v\r\n";
  in += "\r\n";
  HeadParser p(limits.max_header_count);
  ParseResult r = p.parse(in, limits);
  ASSERT_EQ(r.status, ParseStatus::complete);
  EXPECT_EQ(p.head.headers.size(), limits.max_header_count);

  in.insert(in.size() - 2, "X-Last: v\r\n");
  HeadParser bigger(limits.max_header_count + 10);
  r = bigger.parse(in, limits);
  ASSERT_EQ(r.status, ParseStatus::error);
  EXPECT_EQ(r.error, Error::too_many_headers);
}

TEST(Parser, FieldStorageBoundsTheCountToo) {
  HeadParser p(2);
  ParseResult r = p.parse("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n");
  ASSERT_EQ(r.status, ParseStatus::error);
  EXPECT_EQ(r.error, Error::too_many_headers);
}

TEST(Parser, TargetExactlyAtTheLimit) {
  for (std::size_t max : {std::size_t{16}, Limits{}.max_target_bytes}) {
    SCOPED_TRACE(max);
    Limits limits;
    limits.max_target_bytes = max;
    const std::string target = "/" + std::string(max - 1, 'a');
    HeadParser p;
    ParseResult r = p.parse("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n", limits);
    ASSERT_EQ(r.status, ParseStatus::complete);
    EXPECT_EQ(p.head.target.size(), max);
    r = p.parse("GET " + target + "a HTTP/1.1\r\nHost: a\r\n\r\n", limits);
    ASSERT_EQ(r.status, ParseStatus::error);
    EXPECT_EQ(r.error, Error::target_too_long);
  }
}

TEST(Parser, HeadExactlyAtTheHeaderLimit) {
  // The limit covers request line, fields and the final CRLF, not the empty
  // lines skipped before the request line.
  const std::string head = "GET / HTTP/1.1\r\nHost: a\r\nX: 0123456789\r\n\r\n";
  Limits limits;
  limits.max_header_bytes = head.size();
  HeadParser p;
  ParseResult r = p.parse("\r\n" + head, limits);
  ASSERT_EQ(r.status, ParseStatus::complete);
  EXPECT_EQ(r.consumed, head.size() + 2);
  limits.max_header_bytes = head.size() - 1;
  r = p.parse(head, limits);
  ASSERT_EQ(r.status, ParseStatus::error);
  EXPECT_EQ(r.error, Error::header_section_too_large);
}

TEST(Parser, PipelinedRequestsParseOneAfterTheOther) {
  const std::string first = "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n";
  const std::string second = "GET /b?x HTTP/1.1\r\nHost: b\r\n\r\n";
  const std::string third = "GET /c HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n";
  const std::string buf = first + "hello" + second + third;
  std::string_view rest = buf;

  HeadParser p;
  ParseResult r = p.parse(rest);
  ASSERT_EQ(r.status, ParseStatus::complete);
  EXPECT_EQ(r.consumed, first.size());
  EXPECT_EQ(p.head.path, "/a");
  rest.remove_prefix(r.consumed + p.head.content_length);

  r = p.parse(rest);
  ASSERT_EQ(r.status, ParseStatus::complete);
  EXPECT_EQ(r.consumed, second.size());
  EXPECT_EQ(p.head.path, "/b");
  EXPECT_EQ(p.head.host, "b");
  expect_zero_copy(p.head, buf);
  rest.remove_prefix(r.consumed);

  r = p.parse(rest);
  ASSERT_EQ(r.status, ParseStatus::complete);
  EXPECT_EQ(r.consumed, third.size());
  EXPECT_EQ(p.head.path, "/c");
  EXPECT_FALSE(p.head.keep_alive);
  rest.remove_prefix(r.consumed);
  EXPECT_TRUE(rest.empty());
  EXPECT_EQ(p.parse(rest).status, ParseStatus::incomplete);
}

// --- Parsegrind -------------------------------------------------------------

struct ValidCase {
  const char* name;
  std::string raw;        // a head, possibly followed by body or another request
  std::size_t head_size;  // what `consumed` must be
};

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

const ValidCase valid_cases[] = {
    {"simple_get", "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", 37},
    {"get_with_headers",
     "GET /i?lang=en HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t/1\r\nAccept: */*\r\n\r\n", 76},
    {"http10_no_host", "GET / HTTP/1.0\r\n\r\n", 18},
    {"http10_keep_alive", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 42},
    {"absolute_form", "GET http://example.com:8080/a?b HTTP/1.1\r\nHost: x\r\n\r\n", 53},
    {"absolute_form_no_path", "GET http://example.com HTTP/1.1\r\nHost: x\r\n\r\n", 44},
    {"asterisk_form", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", 31},
    {"authority_form", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 59},
    {"ipv6_host", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", 36},
    {"empty_host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 25},
    {"post_content_length", "POST /s HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world",
     49},
    {"content_length_repeated",
     "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 66},
    {"content_length_list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", 50},
    {"chunked",
     "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 56},
    {"expect_continue",
     "PUT /f HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n", 69},
    {"leading_crlf", "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 31},
    {"eight_leading_crlf", repeat("\r\n", 8) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 43},
    {"ows_and_empty_values", "GET / HTTP/1.1\r\nHost:a\r\nX: \t v \t\r\nY:\r\n\r\n", 40},
    {"obs_text_value", "GET / HTTP/1.1\r\nHost: a\r\nX: caf\xc3\xa9\xff\r\n\r\n", 38},
    {"registered_extension_method", "PROPFIND /d HTTP/1.1\r\nHost: a\r\nDepth: 1\r\n\r\n", 43},
    {"upgrade", "GET /ws HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
     70},
    {"token_chars_in_name", "GET / HTTP/1.1\r\nHost: a\r\nX!#$%&'*+-.^_`|~9: v\r\n\r\n", 49},
    {"pipelined", "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n", 28},
};

void PrintTo(const ValidCase& c, std::ostream* os) { *os << c.name; }

class Parsegrind : public ::testing::TestWithParam<ValidCase> {};

TEST_P(Parsegrind, EveryPrefixIsIncompleteAndTheWholeIsComplete) {
  const ValidCase& c = GetParam();
  const std::string& raw = c.raw;
  ASSERT_LE(c.head_size, raw.size());

  HeadParser p;
  ExactCopy whole(raw);
  ParseResult r = p.parse(whole.view());
  ASSERT_EQ(r.status, ParseStatus::complete) << describe(r.error);
  ASSERT_EQ(r.consumed, c.head_size);
  expect_zero_copy(p.head, whole.view());

  for (std::size_t n = 0; n < raw.size(); ++n) {
    ExactCopy prefix(std::string_view(raw).substr(0, n));
    HeadParser q;
    ParseResult pr = q.parse(prefix.view());
    if (n < c.head_size) {
      ASSERT_EQ(pr.status, ParseStatus::incomplete)
          << "prefix of " << n << " bytes: " << describe(pr.error);
    } else {
      ASSERT_EQ(pr.status, ParseStatus::complete) << "prefix of " << n << " bytes";
      ASSERT_EQ(pr.consumed, c.head_size);
    }
  }
}

TEST_P(Parsegrind, EndingAtAGuardPageReadsNothingPastTheEnd) {
  const ValidCase& c = GetParam();
  const std::string& raw = c.raw;
  GuardedBuffer guard;
  // The complete head alone, then every strict prefix of it: the parser must
  // stop at the last byte, whether it has a result or needs more.
  std::string_view in = guard.place(std::string_view(raw).substr(0, c.head_size));
  HeadParser p;
  ParseResult r = p.parse(in);
  ASSERT_EQ(r.status, ParseStatus::complete);
  EXPECT_EQ(r.consumed, c.head_size);
  for (std::size_t n = 0; n < c.head_size; ++n) {
    in = guard.place(std::string_view(raw).substr(0, n));
    ASSERT_EQ(p.parse(in).status, ParseStatus::incomplete) << n;
  }
}

INSTANTIATE_TEST_SUITE_P(Valid, Parsegrind, ::testing::ValuesIn(valid_cases),
                         [](const auto& test_info) { return std::string(test_info.param.name); });

TEST(GuardPage, TruncatedAndMalformedHeadsEndingAtTheGuard) {
  // Each stops in a different state of the parser; none may look further.
  const std::string_view cases[] = {
      "G",
      "GET",
      "GET ",
      "GET /very/long/target/without/its/end",
      "GET / ",
      "GET / H",
      "GET / HTTP/1.",
      "GET / HTTP/1.1",
      "GET / HTTP/1.1\r",
      "GET / HTTP/1.1\r\n",
      "GET / HTTP/1.1\r\nHo",
      "GET / HTTP/1.1\r\nHost",
      "GET / HTTP/1.1\r\nHost:",
      "GET / HTTP/1.1\r\nHost: a   ",
      "GET / HTTP/1.1\r\nHost: a\r",
      "GET / HTTP/1.1\r\nHost: a\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\n\r",
      "\r",
      "\r\n\r",
      "OPTIONS *",
      "CONNECT a:1",
      "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
      "GET /\x01",
      "GET / HTTP/1.1\r\nHost: a\r\nX\x01",
      "GET / HTTP/1.1\r\nHost: a\r\nX: \x7f",
  };
  GuardedBuffer guard;
  for (std::string_view c : cases) {
    SCOPED_TRACE(::testing::PrintToString(std::string(c)));
    HeadParser p;
    ParseResult r = p.parse(guard.place(c));
    EXPECT_LE(r.consumed, c.size());
    // And the same bytes from a roomy buffer give the same answer.
    HeadParser q;
    ParseResult s = q.parse(c);
    EXPECT_EQ(r.status, s.status);
    EXPECT_EQ(r.error, s.error);
  }
}

TEST(GuardPage, LongTargetAndValueAtTheGuard) {
  GuardedBuffer guard;
  Limits limits;
  limits.max_target_bytes = 64;
  HeadParser p;
  // The target scan is where the parser reads furthest ahead in one go.
  std::string in = "GET /" + std::string(63, 'a');
  EXPECT_EQ(p.parse(guard.place(in), limits).status, ParseStatus::incomplete);
  in += 'a';
  ParseResult r = p.parse(guard.place(in), limits);
  ASSERT_EQ(r.status, ParseStatus::error);
  EXPECT_EQ(r.error, Error::target_too_long);

  in = "GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(guard.page_size() - 64, 'v');
  EXPECT_EQ(p.parse(guard.place(in)).status, ParseStatus::incomplete);
}

}  // namespace
}  // namespace spur::http
