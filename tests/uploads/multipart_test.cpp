// The multipart/form-data parser: what browsers and curl send parses to the
// same parts however the body is split across reads, part bodies stream out
// as views without being buffered, and each malformed input or exceeded limit
// gives its own error.
#include "uploads/multipart.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../http/test_util.hpp"

namespace spur::detail {
namespace {

using namespace std::string_literals;
using Event = MultipartParser::Event;

using http::test::ExactCopy;
using http::test::within;

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool ended = false;

  friend bool operator==(const Part&, const Part&) = default;
};

struct Parsed {
  std::vector<Part> parts;
  Event last = Event::need_more;  // done, error, or need_more when input ran out
  MultipartError error = MultipartError::none;
  std::size_t max_buffered = 0;
  std::size_t data_events = 0;
};

// Feeds `body` in the pieces ending at each of `cuts` and then at its end,
// each piece in its own exactly-sized buffer, checking the order of events and
// that every piece of data is a view into the piece just fed (or into the
// parser's own delimiter, for bytes held back from the piece before). With
// `finish`, the end of input is then signalled.
Parsed parse(std::string_view body, const std::vector<std::size_t>& cuts,
             std::string_view boundary = "boundary42", MultipartLimits limits = {},
             bool finish = true) {
  MultipartParser p{std::string(boundary), limits};
  Parsed out;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(body.size());
  std::size_t fed = 0;
  bool open = false;
  for (std::size_t end : ends) {
    if (end < fed) continue;
    ExactCopy piece(body.substr(fed, end - fed));
    fed = end;
    std::string_view in = piece.view();
    for (;;) {
      const std::size_t before = in.size();
      const Event e = p.next(in);
      EXPECT_LE(in.size(), before);
      out.max_buffered = std::max(out.max_buffered, p.buffered_bytes());
      if (e == Event::need_more) {
        EXPECT_TRUE(in.empty());
        break;
      }
      if (e == Event::done || e == Event::error) {
        out.last = e;
        out.error = p.error();
        EXPECT_EQ(e == Event::error, p.error() != MultipartError::none);
        EXPECT_FALSE(open && e == Event::done);
        return out;
      }
      switch (e) {
        case Event::part_begin: {
          EXPECT_FALSE(open);
          open = true;
          const PartInfo& info = p.part();
          Part part{info.name, info.filename, info.content_type, {}, {}, false};
          for (const auto& h : info.headers) part.headers.emplace_back(h.name, h.value);
          out.parts.push_back(std::move(part));
          break;
        }
        case Event::part_data:
          EXPECT_TRUE(open);
          EXPECT_FALSE(p.data().empty());
          EXPECT_TRUE(within(p.data(), piece.view()) || within(p.data(), p.delimiter()));
          if (!out.parts.empty()) out.parts.back().body += p.data();
          ++out.data_events;
          break;
        case Event::part_end:
          EXPECT_TRUE(open);
          open = false;
          if (!out.parts.empty()) out.parts.back().ended = true;
          break;
        default: break;
      }
    }
  }
  out.last = finish ? p.finish() : Event::need_more;
  out.error = p.error();
  return out;
}

Parsed parse_whole(std::string_view body, std::string_view boundary = "boundary42",
                   MultipartLimits limits = {}) {
  return parse(body, {}, boundary, limits);
}

// The file's bytes: binary, with CR, LF, "--", a CRLF "--" and the boundary
// without its last byte, and the whole delimiter but for one byte changed.
const std::string file_bytes =
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\r\r\n\n--"
    "\r\n--boundary4"
    "\r\n--boundary4X\r\n"
    "\r\n-boundary42\r\n"
    "x--boundary42\r\n"  // not at a line start: not a delimiter
    "\r\r\n--boundary4\xff\xfe\x00\x01"
    "end\r\n-"s;

// What Chrome sends for a form with two text inputs and a file input.
std::string browser_body() {
  return "--boundary42\r\n"
         "Content-Disposition: form-data; name=\"title\"\r\n"
         "\r\n"
         "Hello, world\r\n"
         "--boundary42\r\n"
         "Content-Disposition: form-data; name=\"comment\"\r\n"
         "\r\n"
         "line one\r\nline two\r\n\r\n"
         "--boundary42\r\n"
         "Content-Disposition: form-data; name=\"upload\"; filename=\"a b.png\"\r\n"
         "Content-Type: image/png\r\n"
         "\r\n" +
         file_bytes +
         "\r\n"
         "--boundary42--\r\n";
}

std::vector<Part> browser_parts() {
  return {
      {"title",
       std::nullopt,
       "text/plain",
       {{"Content-Disposition", "form-data; name=\"title\""}},
       "Hello, world",
       true},
      {"comment",
       std::nullopt,
       "text/plain",
       {{"Content-Disposition", "form-data; name=\"comment\""}},
       "line one\r\nline two\r\n",
       true},
      {"upload",
       "a b.png",
       "image/png",
       {{"Content-Disposition", "form-data; name=\"upload\"; filename=\"a b.png\""},
        {"Content-Type", "image/png"}},
       file_bytes,
       true},
  };
}

TEST(Multipart, BrowserBodyInOnePiece) {
  const Parsed r = parse_whole(browser_body());
  EXPECT_EQ(r.last, Event::done);
  EXPECT_EQ(r.parts, browser_parts());
  EXPECT_TRUE(r.parts[2].filename.has_value());
  EXPECT_FALSE(r.parts[0].filename.has_value());
}

TEST(Multipart, BrowserBodyByteByByte) {
  const std::string body = browser_body();
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < body.size(); ++i) cuts.push_back(i);
  const Parsed r = parse(body, cuts);
  EXPECT_EQ(r.last, Event::done);
  EXPECT_EQ(r.parts, browser_parts());
  // Never more than a delimiter's worth held back, beyond a header section.
  EXPECT_LE(r.max_buffered, 150u);
}

TEST(Multipart, BrowserBodyAtEverySplitPoint) {
  const std::string body = browser_body();
  const std::vector<Part> expected = browser_parts();
  for (std::size_t cut = 0; cut <= body.size(); ++cut) {
    const Parsed r = parse(body, {cut});
    ASSERT_EQ(r.last, Event::done) << "cut at " << cut;
    ASSERT_EQ(r.parts, expected) << "cut at " << cut;
  }
  // And in three pieces, the second short enough to fall inside a delimiter.
  for (std::size_t cut = 0; cut + 7 <= body.size(); ++cut) {
    const Parsed r = parse(body, {cut, cut + 7});
    ASSERT_EQ(r.parts, expected) << "cuts at " << cut << ", " << cut + 7;
  }
}

TEST(Multipart, WholeInputDataIsZeroCopy) {
  const std::string body = browser_body();
  ExactCopy copy(body);
  MultipartParser p("boundary42", {});
  std::string_view in = copy.view();
  std::size_t data_bytes = 0;
  for (Event e; (e = p.next(in)) != Event::done;) {
    ASSERT_NE(e, Event::error);
    ASSERT_NE(e, Event::need_more);
    if (e == Event::part_data) {
      EXPECT_TRUE(within(p.data(), copy.view()));
      data_bytes += p.data().size();
    }
  }
  EXPECT_EQ(data_bytes, 12 + 20 + file_bytes.size());
  EXPECT_TRUE(in.empty());
}

TEST(Multipart, CurlBodyWithQuotedBoundary) {
  const std::string dashes(24, '-');
  const auto boundary =
      multipart_boundary("multipart/form-data; boundary=\"" + dashes + "d74496d66958873e\"");
  ASSERT_EQ(boundary, dashes + "d74496d66958873e");
  const std::string body = "--" + *boundary +
                           "\r\n"
                           "Content-Disposition: form-data; name=\"person\"\r\n"
                           "\r\n"
                           "anonymous\r\n"
                           "--" +
                           *boundary +
                           "\r\n"
                           "Content-Disposition: form-data; name=\"secret\"; "
                           "filename=\"file.txt\"\r\n"
                           "Content-Type: text/plain\r\n"
                           "\r\n"
                           "contents of the file\n\r\n"
                           "--" +
                           *boundary + "--\r\n";
  const Parsed r = parse_whole(body, *boundary);
  EXPECT_EQ(r.last, Event::done);
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_EQ(r.parts[0].body, "anonymous");
  EXPECT_EQ(r.parts[1].filename, "file.txt");
  EXPECT_EQ(r.parts[1].body, "contents of the file\n");
}

TEST(Multipart, BoundaryWithSpacesAndPunctuation) {
  const auto boundary = multipart_boundary("multipart/form-data; boundary=\"a b'()+_,-./:=?\"");
  ASSERT_EQ(boundary, "a b'()+_,-./:=?");
  const std::string body = "--" + *boundary +
                           "\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--" + *boundary +
                           "--";
  const Parsed r = parse_whole(body, *boundary);
  EXPECT_EQ(r.last, Event::done);
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].name, "x");
  EXPECT_EQ(r.parts[0].body, "1");
}

std::string one_part(std::string_view headers, std::string_view content = "data") {
  return "--boundary42\r\n"s.append(headers).append("\r\n").append(content).append(
      "\r\n--boundary42--\r\n");
}

PartInfo begin_of(std::string_view body, MultipartError* error = nullptr) {
  MultipartParser p("boundary42", {});
  ExactCopy copy(body);
  std::string_view in = copy.view();
  for (;;) {
    const Event e = p.next(in);
    if (e == Event::part_begin) return p.part();
    if (e != Event::need_more || in.empty()) {
      if (error) *error = p.error();
      return {};
    }
  }
}

TEST(Multipart, FilenameStarIsPreferred) {
  const PartInfo a =
      begin_of(one_part("Content-Disposition: form-data; name=\"f\"; filename=\"euro.txt\"; "
                        "filename*=UTF-8''%E2%82%AC%20rates.txt\r\n"));
  EXPECT_EQ(a.name, "f");
  EXPECT_EQ(a.filename, "\xE2\x82\xAC rates.txt");
  EXPECT_EQ(a.content_type, "application/octet-stream");

  // Either order, any case, a language tag, ISO-8859-1 converted to UTF-8.
  const PartInfo b =
      begin_of(one_part("Content-Disposition: form-data; FILENAME*=iso-8859-1'en'%A3%20rates.txt; "
                        "Name=\"f\"; FileName=\"pound.txt\"\r\n"));
  EXPECT_EQ(b.name, "f");
  EXPECT_EQ(b.filename, "\xC2\xA3 rates.txt");

  // Invalid UTF-8 becomes U+FFFD.
  EXPECT_EQ(begin_of(one_part("Content-Disposition: form-data; name=f; filename*=utf-8''a%FFb\r\n"))
                .filename,
            "a\xEF\xBF\xBD"
            "b");
}

TEST(Multipart, DispositionParameters) {
  // Quoted-pairs, a semicolon and raw UTF-8 inside quotes, whitespace around '='.
  const PartInfo a = begin_of(one_part(
      "content-disposition: Form-Data ; name = \"a\\\"b;c\" ; filename=\"d\\\\e \xC3\xA9.txt\"\r\n"
      "content-type: text/csv; charset=utf-8\r\n"
      "X-Extra: kept\r\n"));
  EXPECT_EQ(a.name, "a\"b;c");
  EXPECT_EQ(a.filename, "d\\e \xC3\xA9.txt");
  EXPECT_EQ(a.content_type, "text/csv; charset=utf-8");
  ASSERT_EQ(a.headers.size(), 3u);
  EXPECT_EQ(a.headers[2].name, "X-Extra");
  EXPECT_EQ(a.headers[2].value, "kept");

  // A file input with nothing chosen: an empty filename is still a file.
  const PartInfo b =
      begin_of(one_part("Content-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"));
  EXPECT_TRUE(b.is_file());
  EXPECT_EQ(b.filename, "");

  // Unknown parameters are ignored; a field defaults to text/plain.
  const PartInfo c = begin_of(one_part("Content-Disposition: form-data; name=n; size=3;\r\n"));
  EXPECT_EQ(c.name, "n");
  EXPECT_FALSE(c.is_file());
  EXPECT_EQ(c.content_type, "text/plain");
}

TEST(Multipart, PreambleAndEpilogueAreIgnored) {
  const std::string body =
      "This is the preamble.\r\n--boundary4 is not one, nor x--boundary42\r\n"
      "--boundary42\r\n"
      "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
      "1\r\n"
      "--boundary42--  \r\nThis is the epilogue.\r\n--boundary42\r\ngarbage";
  for (std::size_t cut = 0; cut <= body.size(); ++cut) {
    const Parsed r = parse(body, {cut});
    ASSERT_EQ(r.last, Event::done) << cut;
    ASSERT_EQ(r.parts.size(), 1u) << cut;
    EXPECT_EQ(r.parts[0].body, "1");
  }
}

TEST(Multipart, EdgeShapes) {
  // No parts at all.
  EXPECT_EQ(parse_whole("--boundary42--").last, Event::done);
  EXPECT_TRUE(parse_whole("--boundary42--").parts.empty());
  // Transport padding after a boundary, an empty body, no Content-Type.
  const Parsed r = parse_whole(
      "--boundary42 \t\r\nContent-Disposition: form-data; name=e\r\n\r\n\r\n--boundary42--");
  EXPECT_EQ(r.last, Event::done);
  ASSERT_EQ(r.parts.size(), 1u);
  EXPECT_EQ(r.parts[0].body, "");
  EXPECT_TRUE(r.parts[0].ended);
}

TEST(Multipart, AfterDoneOnlyDone) {
  MultipartParser p("b", {});
  std::string_view in = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--b--\r\nepi";
  while (p.next(in) != Event::done) {
  }
  EXPECT_TRUE(in.empty());
  std::string_view more = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n";
  EXPECT_EQ(p.next(more), Event::done);
  EXPECT_TRUE(more.empty());
  EXPECT_EQ(p.finish(), Event::done);
  EXPECT_EQ(p.parts(), 1u);
}

TEST(Multipart, TruncatedBodyNeedsMoreThenFinishFails) {
  const std::string body = browser_body();
  const std::string truncated[] = {
      "",
      "preamble only",
      "--boundary42",
      "--boundary42\r\nContent-Disposition: form-data; name=\"title\"\r\n",
      body.substr(0, body.find("Hello") + 3),
      body.substr(0, body.size() - 4),   // "--boundary42" without "--"
      body.substr(0, body.size() - 5),   // inside the delimiter
      body.substr(0, body.size() - 17),  // before the last delimiter
  };
  for (const std::string& t : truncated) {
    const Parsed open = parse(t, {}, "boundary42", {}, false);
    EXPECT_EQ(open.last, Event::need_more) << t;
    const Parsed r = parse_whole(t);
    EXPECT_EQ(r.last, Event::error) << t;
    EXPECT_EQ(r.error, MultipartError::malformed) << t;
    EXPECT_EQ(multipart_status(r.error), 400);
  }
  // After an error, every call is the same error and consumes nothing.
  MultipartParser p("b", {});
  EXPECT_EQ(p.finish(), Event::error);
  std::string_view in = "--b--";
  EXPECT_EQ(p.next(in), Event::error);
  EXPECT_EQ(in.size(), 5u);
}

MultipartError error_of(std::string_view body, MultipartLimits limits = {}) {
  const Parsed r = parse_whole(body, "boundary42", limits);
  EXPECT_EQ(r.last, Event::error) << body;
  return r.error;
}

TEST(Multipart, MalformedHeaders) {
  const char* const bad_headers[] = {
      "",                                                                  // no Content-Disposition
      "Content-Type: text/plain\r\n",                                      // no Content-Disposition
      "Content-Disposition: attachment; name=\"a\"\r\n",                   // not form-data
      "Content-Disposition: form-data\r\n",                                // no name
      "Content-Disposition: form-data; filename=\"a\"\r\n",                // no name
      "Content-Disposition: form-data; name=\"a\r\n",                      // unterminated quote
      "Content-Disposition: form-data; name=\"a\" x\r\n",                  // junk after a value
      "Content-Disposition: form-data; name=\r\n",                         // empty token
      "Content-Disposition: form-data; name=a; name=b\r\n",                // repeated parameter
      "Content-Disposition: form-data; name=a; filename*=a.txt\r\n",       // not ext-value
      "Content-Disposition: form-data; name=a; filename*=UTF-8''%G1\r\n",  // bad escape
      "Content-Disposition: form-data; name=a; filename*=KOI8-R''abc\r\n",  // charset
      "Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b\r\n",
      "Content-Disposition: form-data; name=a\r\nContent-Type: a\r\nContent-Type: b\r\n",
      "Content-Disposition: form-data; name=a\r\nContent-Type:\r\n",  // empty type
      "Content-Disposition : form-data; name=a\r\n",                  // space before colon
      "Content-Disposition: form-data;\r\n name=a\r\n",               // obs-fold
      "Content-Disposition form-data; name=a\r\n",                    // no colon
      "Content-Disposition: form-data; name=a\nX: y\r\n",             // bare LF
      "Content-Disposition: form-data; name=a\rX: y\r\n",             // bare CR
      "Content-Disposition: form-data; name=\"a\x01\"\r\n",           // control character
      "X: \x7f\r\nContent-Disposition: form-data; name=a\r\n",        // DEL in a value
  };
  for (const char* h : bad_headers)
    EXPECT_EQ(error_of(one_part(h)), MultipartError::malformed) << h;
}

TEST(Multipart, MalformedBoundaryLines) {
  const char* const bodies[] = {
      "--boundary42x\r\n",  // boundary line with more after it
      "--boundary42\n",     // bare LF
      "--boundary42\rX",    // bare CR
      "--boundary42-x",     // one dash
      "--boundary42\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--boundary42 x\r\n",
  };
  for (const char* b : bodies) EXPECT_EQ(error_of(b), MultipartError::malformed) << b;
  // An unusable boundary fails from the start.
  const std::string unusable[] = {"", "a\r\nb", "bad@", "trailing ", std::string(71, 'x')};
  for (const std::string& b : unusable) {
    MultipartParser p(b, {});
    std::string_view in = "--x--";
    EXPECT_EQ(p.next(in), Event::error) << b;
    EXPECT_EQ(p.error(), MultipartError::malformed);
  }
}

TEST(Multipart, TooManyParts) {
  const std::string part = "--boundary42\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n";
  MultipartLimits limits;
  limits.max_parts = 3;
  EXPECT_EQ(parse_whole(part + part + part + "--boundary42--", "boundary42", limits).last,
            Event::done);
  const Parsed r = parse_whole(part + part + part + part + "--boundary42--", "boundary42", limits);
  EXPECT_EQ(r.last, Event::error);
  EXPECT_EQ(r.error, MultipartError::too_many_parts);
  EXPECT_EQ(r.parts.size(), 3u);  // the fourth never began
  EXPECT_EQ(multipart_status(r.error), 413);
}

TEST(Multipart, HeaderTooLarge) {
  const std::string headers = "Content-Disposition: form-data; name=a\r\n";  // 40 bytes
  MultipartLimits limits;
  limits.max_part_header_bytes = headers.size() + 2;  // with the blank line
  EXPECT_EQ(parse_whole(one_part(headers), "boundary42", limits).last, Event::done);
  limits.max_part_header_bytes = headers.size() + 1;
  EXPECT_EQ(error_of(one_part(headers), limits), MultipartError::header_too_large);
  // Padding after the boundary counts too, so it cannot go on for ever.
  limits.max_part_header_bytes = 64;
  EXPECT_EQ(error_of("--boundary42" + std::string(100, ' '), limits),
            MultipartError::header_too_large);
  // A header section that never ends stops at the limit, not at its end.
  limits.max_part_header_bytes = 1024;
  MultipartParser p("boundary42", limits);
  const std::string endless = "--boundary42\r\nX-Long: " + std::string(1 << 20, 'a');
  std::string_view in = endless;
  Event e;
  while ((e = p.next(in)) == Event::need_more && !in.empty()) {
  }
  EXPECT_EQ(e, Event::error);
  EXPECT_EQ(p.error(), MultipartError::header_too_large);
  EXPECT_GT(in.size(), endless.size() - 2048);
  EXPECT_LE(p.buffered_bytes(), 1024u);
}

TEST(Multipart, FileTooLargeIsCaughtOnTheFirstByteOver) {
  const std::string headers = "Content-Disposition: form-data; name=f; filename=f.bin\r\n";
  MultipartLimits limits;
  limits.max_file_bytes = 10;
  const Parsed ok = parse_whole(one_part(headers, std::string(10, 'z')), "boundary42", limits);
  EXPECT_EQ(ok.last, Event::done);
  EXPECT_EQ(ok.parts.at(0).body, std::string(10, 'z'));
  // A field of the same size is under its own limit.
  EXPECT_EQ(
      parse_whole(one_part("Content-Disposition: form-data; name=f\r\n", std::string(11, 'z')),
                  "boundary42", limits)
          .last,
      Event::done);

  // 11 bytes: the error comes without a single byte past the limit handed
  // out, and before the body's end has arrived.
  const std::string over = one_part(headers, std::string(11, 'z') + std::string(1000, 'y'));
  for (std::size_t cut = 0; cut < over.size(); cut += 7) {
    const Parsed r = parse(over.substr(0, over.size() - 200), {cut}, "boundary42", limits);
    ASSERT_EQ(r.last, Event::error) << cut;
    ASSERT_EQ(r.error, MultipartError::file_too_large) << cut;
    ASSERT_LE(r.parts.at(0).body.size(), 10u) << cut;
  }
}

TEST(Multipart, FieldTooLarge) {
  const std::string headers = "Content-Disposition: form-data; name=f\r\n";
  MultipartLimits limits;
  limits.max_field_bytes = 5;
  EXPECT_EQ(parse_whole(one_part(headers, "12345"), "boundary42", limits).last, Event::done);
  const Parsed r = parse_whole(one_part(headers, "123456"), "boundary42", limits);
  EXPECT_EQ(r.error, MultipartError::field_too_large);
  EXPECT_LE(r.parts.at(0).body.size(), 5u);
  // A file is under its own limit.
  EXPECT_EQ(
      parse_whole(one_part("Content-Disposition: form-data; name=f; filename=a\r\n", "123456"),
                  "boundary42", limits)
          .last,
      Event::done);
}

TEST(Multipart, TotalTooLarge) {
  const std::string body = browser_body();
  const std::size_t until_close = body.size() - 2;  // everything up to "--boundary42--"
  MultipartLimits limits;
  limits.max_total_bytes = until_close;
  for (std::size_t cut : {std::size_t{0}, std::size_t{100}, until_close - 1, until_close}) {
    const Parsed r = parse(body, {cut}, "boundary42", limits);
    EXPECT_EQ(r.last, Event::done) << cut;
  }
  limits.max_total_bytes = until_close - 1;
  for (std::size_t cut : {std::size_t{0}, std::size_t{100}, until_close - 1, until_close}) {
    const Parsed r = parse(body, {cut}, "boundary42", limits);
    EXPECT_EQ(r.last, Event::error) << cut;
    EXPECT_EQ(r.error, MultipartError::total_too_large) << cut;
  }
  // Seen at the first byte over, however much was offered.
  limits.max_total_bytes = 100;
  MultipartParser p("boundary42", limits);
  const std::string huge =
      "--boundary42\r\nContent-Disposition: form-data; name=a\r\n\r\n" + std::string(1 << 20, 'x');
  std::string_view in = huge;
  Event e;
  std::uint64_t data = 0;
  while ((e = p.next(in)) != Event::error) {
    ASSERT_NE(e, Event::need_more);
    if (e == Event::part_data) data += p.data().size();
  }
  EXPECT_EQ(p.error(), MultipartError::total_too_large);
  EXPECT_EQ(p.total_bytes(), 100u);
  EXPECT_EQ(in.size(), huge.size() - 100);
  EXPECT_LE(data, 100u);
}

// A 50 MB file in 64 KiB reads: the parser keeps no more than a delimiter's
// worth between reads, and almost every byte comes out as a view of its read.
TEST(Multipart, FiftyMegabyteFileStreamsInConstantMemory) {
  const std::string boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
  const std::string delimiter = "\r\n--" + boundary;
  // A 4 KiB block of every byte value that ends in a partial delimiter, so
  // reads of 64 KiB end in the middle of one.
  std::string block;
  for (int i = 0; block.size() < 4096 - delimiter.size() + 3; ++i) block += static_cast<char>(i);
  block += delimiter.substr(0, delimiter.size() - 3);
  ASSERT_EQ(block.size(), 4096u);
  constexpr std::size_t file_size = 50u << 20;
  constexpr std::size_t read_size = 64u << 10;

  const std::string head = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"video\"; "
                           "filename=\"big.bin\"\r\nContent-Type: video/mp4\r\n\r\n";
  const std::string tail = delimiter + "--\r\n";

  MultipartParser p(boundary, {});
  std::uint64_t received = 0, from_delimiter = 0;
  std::uint64_t hash = 1469598103934665603ull, expected_hash = hash;
  std::size_t max_buffered = 0, begins = 0, ends = 0;
  std::vector<char> read(read_size);
  auto feed = [&](std::string_view in) {
    for (;;) {
      const Event e = p.next(in);
      max_buffered = std::max(max_buffered, p.buffered_bytes());
      switch (e) {
        case Event::need_more: return;
        case Event::part_begin:
          ++begins;
          EXPECT_EQ(p.part().filename, "big.bin");
          break;
        case Event::part_data:
          received += p.data().size();
          if (within(p.data(), p.delimiter())) from_delimiter += p.data().size();
          for (unsigned char c : p.data()) hash = (hash ^ c) * 1099511628211ull;
          break;
        case Event::part_end: ++ends; break;
        case Event::done: return;
        case Event::error: ADD_FAILURE() << to_string(p.error()); return;
      }
    }
  };
  feed(head);
  for (std::size_t off = 0; off < file_size; off += read_size) {
    for (std::size_t i = 0; i < read_size; i += block.size())
      std::memcpy(read.data() + i, block.data(), block.size());
    for (std::size_t i = 0; i < read_size; ++i)
      expected_hash = (expected_hash ^ static_cast<unsigned char>(read[i])) * 1099511628211ull;
    feed({read.data(), read_size});
    ASSERT_LE(p.buffered_bytes(), delimiter.size() - 1);
  }
  feed(tail);
  EXPECT_EQ(p.finish(), Event::done);
  EXPECT_EQ(begins, 1u);
  EXPECT_EQ(ends, 1u);
  EXPECT_EQ(received, file_size);
  EXPECT_EQ(hash, expected_hash);
  EXPECT_LE(max_buffered, head.size());  // the header section, then one delimiter at most
  // Only the held-back partial delimiters at the end of each read were copied.
  EXPECT_EQ(from_delimiter, (file_size / read_size) * (delimiter.size() - 3));
}

TEST(MultipartBoundary, Parses) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;BOUNDARY=abc"), "abc");
  EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_EQ(multipart_boundary("multipart/form-data ; boundary = abc ; x=y"), "abc");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----=_Part_0_1.2"),
            "----=_Part_0_1.2");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"\\a\\b\""), "ab");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'x')),
            std::string(70, 'x'));
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundaryABC123"),
            "----WebKitFormBoundaryABC123");
}

TEST(MultipartBoundary, Refuses) {
  const std::string refused[] = {
      "",
      "multipart/form-data",
      "multipart/form-data;",
      "multipart/form-data; charset=utf-8",
      "multipart/mixed; boundary=abc",
      "application/x-www-form-urlencoded; boundary=abc",
      "multipart/form-datax; boundary=abc",
      "multipart/form-data; boundary=",
      "multipart/form-data; boundary=\"\"",
      "multipart/form-data; boundary=" + std::string(71, 'x'),
      "multipart/form-data; boundary=\"abc \"",    // ends in a space
      "multipart/form-data; boundary=a@b",         // not a bchar
      "multipart/form-data; boundary=\"a\\\"b\"",  // '"' is not a bchar
      "multipart/form-data; boundary=\"abc",       // unterminated
      "multipart/form-data; boundary=a b",         // junk after the value
      "multipart/form-data; boundary=a; boundary=b",
      "multipart/form-data; boundary",
  };
  for (const std::string& ct : refused) EXPECT_EQ(multipart_boundary(ct), std::nullopt) << ct;
}

}  // namespace
}  // namespace spur::detail
