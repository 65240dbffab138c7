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

TEST(Fields, RefusesInjection) {
  Fields f;
  f.append("X-A", "1\r\nInjected: yes");
  f.append("Bad\r\nName", "x");
  f.append("Bad:Name", "x");
  f.append("", "x");
  EXPECT_EQ(wire(f), "X-A: \r\n");
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
