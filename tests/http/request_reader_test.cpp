// RequestReader: buffering, framing and pipelining without sockets.
#include "http/request_reader.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace spur::http {
namespace {

using Event = RequestReader::Event;
using Phase = RequestReader::Phase;

// Feeds `bytes` in pieces of `step` and collects every complete request body
// (or "ERR:<status>"), releasing each as the server would.
std::vector<std::string> drain(RequestReader& r, std::string_view bytes, std::size_t step) {
  std::vector<std::string> got;
  std::size_t pos = 0;
  for (;;) {
    Event e = r.next();
    if (e == Event::request) {
      got.push_back(std::string(r.head().path) + "|" + std::string(r.body()));
      r.release();
      continue;
    }
    if (e == Event::error) {
      got.push_back("ERR:" + std::to_string(to_status(r.error())));
      return got;
    }
    if (pos == bytes.size()) return got;
    std::size_t n = std::min(step, bytes.size() - pos);
    auto space = r.prepare(n);
    n = std::min(n, space.size());
    std::memcpy(space.data(), bytes.data() + pos, n);
    r.commit(n);
    pos += n;
  }
}

const std::string pipelined =
    "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
    "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
    "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
    "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n"
    "GET /d HTTP/1.1\r\nHost: h\r\n\r\n";

TEST(RequestReader, PipelinedRequestsComeOutInOrderAtEveryReadSize) {
  const std::vector<std::string> want = {"/a|", "/b|hello", "/c|abcde", "/d|"};
  for (std::size_t step : {1, 2, 3, 7, 16, 64, 4096}) {
    Limits limits;
    RequestReader r(limits);
    EXPECT_EQ(drain(r, pipelined, step), want) << "read size " << step;
    EXPECT_EQ(r.phase(), Phase::idle);
    EXPECT_EQ(r.buffered(), 0u);
  }
}

TEST(RequestReader, LargeBodyGrowsTheBufferAndKeepsHeadViewsValid) {
  Limits limits;
  RequestReader r(limits);
  std::string body(300 * 1024, 'x');
  std::string req = "POST /big?q=1 HTTP/1.1\r\nHost: h\r\nX-Tag: kept\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body;
  auto got = drain(r, req, 1000);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "/big|" + body);
}

TEST(RequestReader, HeadViewsSurviveReallocationMidBody) {
  Limits limits;
  RequestReader r(limits);
  std::string head = "POST /p HTTP/1.1\r\nHost: h\r\nX-Tag: kept\r\nContent-Length: 100000\r\n\r\n";
  auto space = r.prepare(head.size());
  std::memcpy(space.data(), head.data(), head.size());
  r.commit(head.size());
  ASSERT_EQ(r.next(), Event::need_more);
  EXPECT_EQ(r.phase(), Phase::body);
  std::string body(100000, 'b');
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto s = r.prepare(4096);
    std::size_t n = std::min(s.size(), body.size() - pos);
    std::memcpy(s.data(), body.data() + pos, n);
    r.commit(n);
    pos += n;
  }
  ASSERT_EQ(r.next(), Event::request);
  EXPECT_EQ(r.head().path, "/p");
  ASSERT_NE(r.head().find("x-tag"), nullptr);
  EXPECT_EQ(r.head().find("x-tag")->value, "kept");
  EXPECT_EQ(r.body(), body);
}

TEST(RequestReader, OffersContinueOnlyBeforeTheBodyStarts) {
  Limits limits;
  RequestReader r(limits);
  std::string head =
      "PUT /u HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n";
  auto s = r.prepare();
  std::memcpy(s.data(), head.data(), head.size());
  r.commit(head.size());
  EXPECT_EQ(r.next(), Event::send_continue);
  EXPECT_EQ(r.next(), Event::need_more);  // offered once
  s = r.prepare();
  std::memcpy(s.data(), "abc", 3);
  r.commit(3);
  EXPECT_EQ(r.next(), Event::request);
  EXPECT_EQ(r.body(), "abc");

  RequestReader eager(limits);
  std::string whole = head + "abc";
  s = eager.prepare();
  std::memcpy(s.data(), whole.data(), whole.size());
  eager.commit(whole.size());
  EXPECT_EQ(eager.next(), Event::request);  // body already here: no 100
}

TEST(RequestReader, ErrorsStopTheStream) {
  Limits limits;
  limits.max_body_bytes = 10;
  RequestReader r(limits);
  std::string req = "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n";
  EXPECT_EQ(drain(r, req, 4096), std::vector<std::string>{"ERR:413"});
  EXPECT_EQ(r.next(), Event::error);
}

TEST(RequestReader, ChunkedBodyOverTheLimitIs413) {
  Limits limits;
  limits.max_body_bytes = 4;
  RequestReader r(limits);
  std::string req =
      "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n";
  EXPECT_EQ(drain(r, req, 4096), std::vector<std::string>{"ERR:413"});
}

TEST(RequestReader, PhaseTracksHeadAndBody) {
  Limits limits;
  RequestReader r(limits);
  EXPECT_EQ(r.phase(), Phase::idle);
  auto s = r.prepare();
  std::memcpy(s.data(), "GET", 3);
  r.commit(3);
  EXPECT_EQ(r.next(), Event::need_more);
  EXPECT_EQ(r.phase(), Phase::head);
}

TEST(RequestReader, SlowlorisWithoutNewlineStillHitsTheTargetLimit) {
  Limits limits;
  RequestReader r(limits);
  std::string line = "GET /" + std::string(limits.max_target_bytes + 10, 'a');
  EXPECT_EQ(drain(r, line, 512), std::vector<std::string>{"ERR:414"});
}

}  // namespace
}  // namespace spur::http
