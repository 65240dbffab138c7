// RequestReader: buffering, framing and pipelining without sockets.
#include "spur/http/request_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

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

// Regression: a TLS ClientHello sent to the plain-HTTP port has no newline,
// and used to wait for the header timeout; it is answered 400 at once.
TEST(RequestReader, BytesThatCannotBeginARequestFailAtOnce) {
  Limits limits;
  const std::string client_hello("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11);
  for (std::size_t step : {1, 5, 11}) {
    RequestReader r(limits);
    EXPECT_EQ(drain(r, client_hello, step), std::vector<std::string>{"ERR:400"}) << step;
  }
  // A request trickled byte by byte is still just waited for.
  RequestReader r(limits);
  EXPECT_EQ(drain(r, "GET /slow HTTP/1.1\r\nHost: h\r\n\r\n", 1),
            std::vector<std::string>{"/slow|"});
  RequestReader partial(limits);
  EXPECT_TRUE(drain(partial, "GET /sl", 1).empty());
  EXPECT_EQ(partial.phase(), Phase::head);
}

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

namespace spur::http {
namespace {

// As drain(), with every body streamed through next_body(): the pieces are
// joined with '+' so the test sees how the body was cut.
std::vector<std::string> drain_streamed(RequestReader& r, std::string_view bytes,
                                        std::size_t step) {
  std::vector<std::string> got;
  std::size_t pos = 0;
  auto feed = [&] {
    if (pos == bytes.size()) return false;
    std::size_t n = std::min(step, bytes.size() - pos);
    auto space = r.prepare(n);
    std::memcpy(space.data(), bytes.data() + pos, n);
    r.commit(n);
    pos += n;
    return true;
  };
  for (;;) {
    Event e = r.next();
    if (e == Event::error) {
      got.push_back("ERR:" + std::to_string(to_status(r.error())));
      return got;
    }
    if (e != Event::request) {
      if (!feed()) return got;
      continue;
    }
    std::string line = std::string(r.head().path) + "|";
    if (!r.streamed()) line += r.body();
    bool first = true;
    for (bool done = !r.streamed(); !done;) {
      std::string_view piece;
      switch (r.next_body(piece)) {
        case RequestReader::BodyEvent::data:
          if (!first) line += '+';
          line += piece;
          first = false;
          break;
        case RequestReader::BodyEvent::end: done = true; break;
        case RequestReader::BodyEvent::error:
          got.push_back("ERR:" + std::to_string(to_status(r.error())));
          return got;
        case RequestReader::BodyEvent::send_continue: line += "[100]"; break;
        case RequestReader::BodyEvent::need_more:
          if (!feed()) return got;
          break;
      }
    }
    got.push_back(line);
    r.release();
  }
}

RequestReader::BodyPolicy stream_paths_starting_with_s(std::uint64_t limit) {
  return [limit](const RequestHead& h) -> std::optional<std::uint64_t> {
    if (h.path.starts_with("/s")) return limit;
    return std::nullopt;
  };
}

TEST(RequestReaderStreamed, BodiesComeInPiecesAndPipeliningSurvives) {
  const std::string bytes =
      "POST /s1 HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789"
      "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
      "POST /s2 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
      "GET /d HTTP/1.1\r\nHost: h\r\n\r\n";
  for (std::size_t step : {1, 3, 7, 4096}) {
    Limits limits;
    RequestReader r(limits);
    r.set_body_policy(stream_paths_starting_with_s(0));
    std::vector<std::string> got = drain_streamed(r, bytes, step);
    ASSERT_EQ(got.size(), 4u) << "read size " << step;
    // Joined, the pieces are the body; how it was cut depends on the reads.
    auto joined = [](std::string s) {
      std::erase(s, '+');
      return s;
    };
    EXPECT_EQ(joined(got[0]), "/s1|0123456789");
    EXPECT_EQ(got[1], "/b|hello");  // read whole: no policy for it
    EXPECT_EQ(joined(got[2]), "/s2|abcde");
    EXPECT_EQ(got[3], "/d|");
    if (step == 4096) {
      EXPECT_EQ(got[0], "/s1|0123456789");  // one piece when it all came at once
    }
    EXPECT_EQ(r.phase(), Phase::idle);
  }
}

TEST(RequestReaderStreamed, MemoryStaysBoundedWhateverTheBodySize) {
  Limits limits;
  RequestReader r(limits);
  r.set_body_policy(stream_paths_starting_with_s(0));
  const std::string head = "PUT /s HTTP/1.1\r\nHost: h\r\nContent-Length: 50000000\r\n\r\n";
  auto space = r.prepare(head.size());
  std::memcpy(space.data(), head.data(), head.size());
  r.commit(head.size());
  ASSERT_EQ(r.next(), Event::request);
  ASSERT_TRUE(r.streamed());
  std::uint64_t got = 0;
  std::size_t largest_space = 0;
  while (got < 50000000) {
    std::string_view piece;
    auto e = r.next_body(piece);
    if (e == RequestReader::BodyEvent::data) {
      got += piece.size();
      continue;
    }
    ASSERT_EQ(e, RequestReader::BodyEvent::need_more);
    auto s = r.prepare();
    largest_space = std::max(largest_space, s.size());
    const std::size_t n = std::min<std::size_t>(s.size(), 50000000 - got);
    std::memset(s.data(), 'x', n);
    r.commit(n);
  }
  std::string_view piece;
  EXPECT_EQ(r.next_body(piece), RequestReader::BodyEvent::end);
  EXPECT_LE(largest_space, 256u * 1024);  // the buffer is reused, not grown
}

TEST(RequestReaderStreamed, DeclaredLengthOverTheRouteLimitIs413BeforeTheBody) {
  Limits limits;
  RequestReader r(limits);
  r.set_body_policy(stream_paths_starting_with_s(100));
  EXPECT_EQ(drain_streamed(r, "POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n", 4096),
            std::vector<std::string>{"ERR:413"});
}

TEST(RequestReaderStreamed, ARouteMayExceedTheBufferedLimitUpToTheStreamedCeiling) {
  Limits limits;
  limits.max_body_bytes = 4;
  limits.max_streamed_body_bytes = 8;
  RequestReader r(limits);
  r.set_body_policy(stream_paths_starting_with_s(1000));  // lowered to the ceiling, 8
  const std::string ok = "POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 8\r\n\r\n12345678";
  EXPECT_EQ(drain_streamed(r, ok, 4096), std::vector<std::string>{"/s|12345678"});
  const std::string chunked =
      "POST /s HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
      "chunked\r\n\r\n5\r\nabcde\r\n4\r\nfghi\r\n";
  RequestReader r2(limits);
  r2.set_body_policy(stream_paths_starting_with_s(0));
  // The first chunk is handed out; the one that passes the limit is refused.
  EXPECT_EQ(drain_streamed(r2, chunked, 4096), std::vector<std::string>{"ERR:413"});
  RequestReader r3(limits);
  r3.set_body_policy(stream_paths_starting_with_s(0));
  EXPECT_EQ(drain_streamed(r3, "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n", 4096),
            std::vector<std::string>{"ERR:413"});  // a buffered body keeps its own limit
}

TEST(RequestReaderStreamed, ContinueIsOfferedWhenTheBodyIsFirstAskedFor) {
  Limits limits;
  RequestReader r(limits);
  r.set_body_policy(stream_paths_starting_with_s(0));
  const std::string bytes =
      "POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n";
  auto space = r.prepare(bytes.size());
  std::memcpy(space.data(), bytes.data(), bytes.size());
  r.commit(bytes.size());
  ASSERT_EQ(r.next(), Event::request);  // handed out before any body byte
  std::string_view piece;
  EXPECT_EQ(r.next_body(piece), RequestReader::BodyEvent::send_continue);
  EXPECT_EQ(r.next_body(piece), RequestReader::BodyEvent::need_more);
}

TEST(RequestReaderStreamed, AnAbandonedBodyEndsTheConnection) {
  Limits limits;
  RequestReader r(limits);
  r.set_body_policy(stream_paths_starting_with_s(0));
  const std::string bytes = "POST /s HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nabc";
  auto space = r.prepare(bytes.size());
  std::memcpy(space.data(), bytes.data(), bytes.size());
  r.commit(bytes.size());
  ASSERT_EQ(r.next(), Event::request);
  EXPECT_FALSE(r.body_complete());
  r.abandon_body();
  EXPECT_EQ(r.next(), Event::error);  // nothing more is parsed on this connection
}

}  // namespace
}  // namespace spur::http

namespace spur::http {
namespace {

std::string post_of(std::size_t bytes) {
  return "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: " + std::to_string(bytes) + "\r\n\r\n" +
         std::string(bytes, 'x');
}

TEST(RequestReaderBudget, ADeclaredBodyThatDoesNotFitFailsBeforeItIsRead) {
  Limits limits;
  BodyBudget budget(1 << 20);
  RequestReader r(limits);
  r.set_budget(&budget);
  const std::string head = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 2000000\r\n\r\n";
  auto got = drain(r, head, head.size());
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "ERR:503");
  EXPECT_EQ(r.error(), Error::body_memory_full);
  EXPECT_EQ(budget.used(), 0u);  // nothing was allocated for it
}

TEST(RequestReaderBudget, ReadersShareTheBudgetAndGiveItBack) {
  Limits limits;
  BodyBudget budget(1 << 20);
  std::optional<RequestReader> first(std::in_place, limits);
  first->set_budget(&budget);
  const std::string big = post_of(700 * 1024);
  // The first body is read and held (not released): it counts.
  auto space = first->prepare(big.size());
  std::memcpy(space.data(), big.data(), big.size());
  first->commit(big.size());
  ASSERT_EQ(first->next(), Event::request);
  EXPECT_GE(budget.used(), 700u * 1024 - 8 * 1024);

  RequestReader second(limits);
  second.set_budget(&budget);
  EXPECT_EQ(drain(second, big, 4096), std::vector<std::string>{"ERR:503"});
  // Small bodies still fit beside it: the first 8 KiB of a buffer are free.
  RequestReader third(limits);
  third.set_budget(&budget);
  EXPECT_EQ(drain(third, post_of(100), 4096).size(), 1u);

  first.reset();  // the connection closed
  EXPECT_EQ(budget.used(), 0u);
  RequestReader fourth(limits);
  fourth.set_budget(&budget);
  auto got = drain(fourth, big, 65536);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].size(), 3 + 700u * 1024);
}

TEST(RequestReaderBudget, AChunkedBodyStopsWhereTheBudgetEnds) {
  Limits limits;
  BodyBudget budget(256 * 1024);
  RequestReader r(limits);
  r.set_budget(&budget);
  std::string request = "POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 100; ++i) request += "1000\r\n" + std::string(4096, 'c') + "\r\n";
  request += "0\r\n\r\n";
  auto got = drain(r, request, 4096);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "ERR:503");
  EXPECT_LE(budget.used(), 256u * 1024);
}

}  // namespace
}  // namespace spur::http
