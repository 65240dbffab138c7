// The wire form of Server-Sent Events, as the EventSource parser reads it.
#include "spur/realtime/sse.hpp"

#include <gtest/gtest.h>

namespace spur {
namespace {

TEST(FormatEvent, DataOnly) { EXPECT_EQ(format_event({.data = "hello"}), "data: hello\n\n"); }

TEST(FormatEvent, AllFields) {
  EXPECT_EQ(format_event({.data = "{\"n\":1}", .event = "update", .id = "7", .retry = 3000}),
            "event: update\nid: 7\nretry: 3000\ndata: {\"n\":1}\n\n");
}

TEST(FormatEvent, EveryLineOfDataIsItsOwnField) {
  EXPECT_EQ(format_event({.data = "a\nb\r\nc\rd"}), "data: a\ndata: b\ndata: c\ndata: d\n\n");
  EXPECT_EQ(format_event({.data = "ends with a break\n"}), "data: ends with a break\ndata: \n\n");
  EXPECT_EQ(format_event({.data = ""}), "data: \n\n");
}

TEST(FormatEvent, LineBreaksCannotInjectFields) {
  // An id or event name with a newline must not start a new field.
  EXPECT_EQ(format_event({.data = "x", .event = "a\ndata: injected", .id = "1\r\n2"}),
            "event: adata: injected\nid: 12\ndata: x\n\n");
}

}  // namespace
}  // namespace spur
