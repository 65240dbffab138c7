// The connection's pure decisions, without a socket: response framing and
// keep-alive, which read deadline applies, and what an expired one means.
#include "spur/http/connection.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "spur/http/parser.hpp"

namespace spur::http {
namespace {

struct Head {
  explicit Head(const std::string& raw) : text(raw), fields(16) {
    const ParseResult r = parse_request_head(text, {}, head, fields);
    EXPECT_EQ(r.status, ParseStatus::complete) << raw;
  }
  std::string text;
  std::vector<Header> fields;
  RequestHead head;
};

const Head get11("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
const Head get10("GET / HTTP/1.0\r\n\r\n");
const Head head11("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
const Head close11("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

struct FramingCase {
  const char* name;
  const Head& request;
  ResponseFacts response;
  ResponseFraming want;
};

const FramingCase framing_cases[] = {
    {"plain_keep_alive", get11, {.status = 200}, {true, false, true}},
    {"client_closes", close11, {.status = 200, .keep_alive = false}, {true, false, false}},
    {"draining_closes", get11, {.status = 200, .draining = true}, {true, false, false}},
    {"head_has_no_body", head11, {.status = 200}, {false, false, true}},
    {"no_content_has_no_body", get11, {.status = 204}, {false, false, true}},
    {"not_modified_has_no_body", get11, {.status = 304}, {false, false, true}},
    {"informational_has_no_body", get11, {.status = 101}, {false, false, true}},
    {"stream_is_chunked_on_1_1", get11, {.status = 200, .streamed = true}, {true, true, true}},
    {"stream_ends_with_the_connection_on_1_0",
     get10,
     {.status = 200, .streamed = true},
     {true, false, false}},
    {"unread_streamed_body_closes",
     get11,
     {.status = 413, .body_unread = true},
     {true, false, false}},
};

TEST(ConnectionFraming, Table) {
  for (const FramingCase& c : framing_cases) {
    const ResponseFraming got = frame_response(c.request.head, c.response);
    EXPECT_EQ(got.send_body, c.want.send_body) << c.name;
    EXPECT_EQ(got.chunked, c.want.chunked) << c.name;
    EXPECT_EQ(got.keep_alive, c.want.keep_alive) << c.name;
  }
}

using Phase = RequestReader::Phase;

TEST(ConnectionDeadlines, WhichOneAppliesAndWhenItRestarts) {
  // A head's deadline runs from its first byte: more bytes do not extend it.
  EXPECT_EQ(read_deadline(Phase::head, Deadline::none).deadline, Deadline::header);
  EXPECT_TRUE(read_deadline(Phase::head, Deadline::none).restart);
  EXPECT_FALSE(read_deadline(Phase::head, Deadline::header).restart);
  // A body's restarts with progress.
  EXPECT_EQ(read_deadline(Phase::body, Deadline::body).deadline, Deadline::body);
  EXPECT_TRUE(read_deadline(Phase::body, Deadline::body).restart);
  // Idle between requests, unless a fresh connection's head deadline runs.
  EXPECT_EQ(read_deadline(Phase::idle, Deadline::none).deadline, Deadline::idle);
  EXPECT_EQ(read_deadline(Phase::idle, Deadline::header).deadline, Deadline::header);
  EXPECT_FALSE(read_deadline(Phase::idle, Deadline::header).restart);
  // A request ready to run: the handler's time is not the client's.
  EXPECT_EQ(read_deadline(Phase::ready, Deadline::body).deadline, Deadline::none);
}

TEST(ConnectionDeadlines, WhatAnExpiredOneMeans) {
  // A partial request gets its 408…
  EXPECT_EQ(on_deadline(Deadline::header, Phase::head, false, false),
            DeadlineAction::answer_timeout);
  EXPECT_EQ(on_deadline(Deadline::body, Phase::body, false, false), DeadlineAction::answer_timeout);
  EXPECT_EQ(timeout_error(Deadline::header), Error::header_timeout);
  EXPECT_EQ(timeout_error(Deadline::body), Error::body_timeout);
  // …a handler reading a streamed body gets it from its read()…
  EXPECT_EQ(on_deadline(Deadline::body, Phase::body, true, false), DeadlineAction::fail_body_read);
  // …and the rest closes quietly: idle, lingering, nothing sent, or an answer
  // already being written (a 408 cannot be put in front of it).
  EXPECT_EQ(on_deadline(Deadline::idle, Phase::idle, false, false), DeadlineAction::close);
  EXPECT_EQ(on_deadline(Deadline::linger, Phase::idle, false, false), DeadlineAction::close);
  EXPECT_EQ(on_deadline(Deadline::header, Phase::idle, false, false), DeadlineAction::close);
  EXPECT_EQ(on_deadline(Deadline::header, Phase::head, false, true), DeadlineAction::close);
}

}  // namespace
}  // namespace spur::http
