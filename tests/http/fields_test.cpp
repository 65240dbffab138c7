// Response header fields as data: order kept, names as given, compared
// case-insensitively, and never a header injection.
#include "spur/http/fields.hpp"

#include <gtest/gtest.h>

#include <string>

#include "spur/http/serializer.hpp"

namespace spur::http {
namespace {

std::string wire(const Fields& f) {
  std::string out;
  for (const Header h : f) out.append(h.name).append(": ").append(h.value).append("\r\n");
  return out;
}

TEST(Fields, AppendSetEraseGet) {
  Fields f;
  EXPECT_TRUE(f.empty());
  f.append("Set-Cookie", "a=1");
  f.append("set-cookie", "b=2");
  f.append("Content-Type", "text/plain");
  EXPECT_EQ(f.size(), 3u);
  EXPECT_EQ(f.get("SET-COOKIE"), "a=1");
  f.set("Content-Type", "application/json");
  EXPECT_EQ(wire(f), "Set-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Type: application/json\r\n");
  EXPECT_EQ(f.erase("set-cookie"), 2u);
  EXPECT_EQ(wire(f), "Content-Type: application/json\r\n");
  EXPECT_EQ(f.get("missing"), std::nullopt);
  EXPECT_EQ(f.wire_size(), wire(f).size());
}

TEST(Fields, RefusesInjectionAndSaysWhy) {
  Fields f;
  f.append("X-A", "1\r\nInjected: yes");
  f.append("Bad\r\nName", "x");
  f.append("Bad:Name", "x");
  f.append("", "x");
  EXPECT_EQ(wire(f), "");
  EXPECT_EQ(f.refused(),
            "header \"X-A\" refused: its value holds a control character (only HTAB, space and "
            "visible characters may appear)");
}

TEST(Fields, NamesAreTokensValuesHaveNoControls) {
  for (const char* name : {"X Y", "Transfer-Encoding ", "X\x01Y", "\xe2\x80\xa8", "(x)", "a/b"}) {
    Fields f;
    f.append(name, "v");
    EXPECT_TRUE(f.empty()) << name;
    EXPECT_NE(f.refused().find("a header name is a token"), std::string::npos) << f.refused();
  }
  for (std::string value : {std::string("a\0b", 3), std::string("a\x0b"), std::string("a\x7f"),
                            std::string("a\rb"), std::string("\n")}) {
    Fields f;
    f.append("X-Value", value);
    EXPECT_TRUE(f.empty());
    EXPECT_NE(f.refused().find("control character"), std::string::npos);
  }
  // What is allowed: HTAB, space, visible ASCII and obs-text (UTF-8 bytes).
  Fields ok;
  ok.append("X-Ok!#$%&'*+-.^_`|~09", "a\tb c~\xc3\xa9");
  EXPECT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok.refused(), "");
  // The first refusal is the one reported, its name shown printable.
  Fields two;
  two.append("A\x01", "v");
  two.append("B C", "v");
  EXPECT_TRUE(two.refused().starts_with("header \"A\\x01\" refused")) << two.refused();
}

TEST(Fields, FramingFieldsOfTheHandlerNeverReachTheWire) {
  Fields f;
  f.append("Content-Length", "0");
  f.append("transfer-encoding", "chunked");
  f.append("Date", "yesterday");
  f.append("Connection", "keep-alive");
  f.append("Keep-Alive", "timeout=5");
  f.append("Upgrade", "h2c");
  f.append("X-Kept", "1");
  std::string out;
  write_head(out, {.status = 200, .fields = &f, .content_length = 2, .keep_alive = true});
  EXPECT_EQ(out.find("chunked"), std::string::npos) << out;
  EXPECT_EQ(out.find("yesterday"), std::string::npos) << out;
  EXPECT_EQ(out.find("Content-Length: 0"), std::string::npos) << out;
  EXPECT_EQ(out.find("Keep-Alive"), std::string::npos) << out;
  EXPECT_EQ(out.find("h2c"), std::string::npos) << out;
  EXPECT_EQ(out.find("Connection"), std::string::npos) << out;
  EXPECT_NE(out.find("Content-Length: 2\r\n"), std::string::npos) << out;
  EXPECT_NE(out.find("X-Kept: 1\r\n"), std::string::npos) << out;
  // A 101 carries its own Upgrade and Connection; a 426 its Upgrade.
  Fields upgrade;
  upgrade.append("Upgrade", "websocket");
  upgrade.append("Connection", "Upgrade");
  std::string switching;
  write_head(switching, {.status = 101, .fields = &upgrade, .keep_alive = true});
  EXPECT_NE(switching.find("Upgrade: websocket\r\nConnection: Upgrade\r\n"), std::string::npos);
  std::string required;
  write_head(required, {.status = 426, .fields = &upgrade, .keep_alive = true});
  EXPECT_NE(required.find("Upgrade: websocket\r\n"), std::string::npos);
  EXPECT_EQ(required.find("Connection: Upgrade"), std::string::npos);
}

TEST(Fields, AppendAnotherAndItself) {
  Fields a, b;
  a.append("A", "1");
  b.append("B", "2");
  a.append(b);
  a.append(a);
  EXPECT_EQ(wire(a), "A: 1\r\nB: 2\r\nA: 1\r\nB: 2\r\n");
}

// A value read from the same fields stays valid while it is copied in, even
// when the storage grows underneath it.
TEST(Fields, SetFromItsOwnValueSurvivesGrowth) {
  Fields f;
  f.append("Content-Type", "application/json; charset=utf-8");
  f.append("X-Name-Source", "X-Named");
  for (int i = 0; i < 64; ++i) {
    f.set("X-Copy-" + std::to_string(i), *f.get("content-type"));
    f.append(*f.get("x-name-source"), "from a name view");
  }
  EXPECT_EQ(f.get("X-Copy-63"), "application/json; charset=utf-8");
  EXPECT_EQ(f.get("X-Named"), "from a name view");
  EXPECT_EQ(f.get("content-type"), "application/json; charset=utf-8");
}

TEST(Fields, SerialisedOnceByWriteHead) {
  Fields f;
  f.append("X-A", "1");
  std::string out;
  write_head(out, {.status = 204, .fields = &f});
  EXPECT_NE(out.find("\r\nX-A: 1\r\n\r\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace spur::http
