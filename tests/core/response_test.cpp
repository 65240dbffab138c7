// Response as a value: header fields as data (the same verbs as Request),
// one body at a time, and chaining on every setter.
#include "spur/core/response.hpp"

#include <gtest/gtest.h>

#include <string>

#include "async_test_util.hpp"
#include "spur/core/access.hpp"
#include "spur/core/request.hpp"
#include "spur/http/parser.hpp"

namespace spur {
namespace {

TEST(Response, HeadersAreFieldsAndInjectionSafe) {
  Response r = Response::json_text(R"({"a":1})", 201)
                   .set_header("X-Id", "7")
                   .set_header("X-Bad", "a\r\nInjected: 1")
                   .set_header("Bad:Name", "x")
                   .set_header("", "x");
  EXPECT_EQ(r.status(), 201);
  EXPECT_EQ(test::wire_fields(r), "Content-Type: application/json\r\nX-Id: 7\r\n");
  EXPECT_NE(r.headers().refused().find("\"X-Bad\" refused"), std::string::npos);
  EXPECT_EQ(r.header("x-id"), "7");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("missing"), std::nullopt);
}

TEST(Response, SetReplacesAppendKeepsRemoveRemoves) {
  Response r = Response::text("x")
                   .append_header("Vary", "Origin")
                   .append_header("vary", "Accept")
                   .set_header("Cache-Control", "no-store");
  EXPECT_EQ(test::wire_fields(r),
            "Content-Type: text/plain; charset=utf-8\r\nVary: Origin\r\nvary: Accept\r\n"
            "Cache-Control: no-store\r\n");
  r.set_header("VARY", "*");
  EXPECT_EQ(r.header("vary"), "*");
  EXPECT_TRUE(r.has_header("Cache-Control"));
  r.remove_header("cache-control");
  EXPECT_FALSE(r.has_header("Cache-Control"));
  EXPECT_EQ(r.headers().size(), 2u);
}

TEST(Response, EverySetterChainsOnATemporary) {
  // Each line compiles only because every setter has its && overload.
  Response a = Response::text("x").status(201);
  Response b = Response(200).body("hi").remove_header("x").delete_cookie("s");
  Response c = Response::empty(204).set_cookie("a", "1").append_header("Link", "</a>");
  EXPECT_EQ(a.status(), 201);
  EXPECT_EQ(b.body(), "hi");
  EXPECT_EQ(c.header("set-cookie"), "a=1");
}

TEST(Response, OneBodyAtATime) {
  Response r = Response::text("text");
  EXPECT_EQ(r.content_length(), 4u);
  EXPECT_FALSE(r.is_stream());
  r.stream_body([](StreamWriter&) -> Async<void> { co_return; });
  EXPECT_TRUE(r.is_stream());
  EXPECT_EQ(r.body(), "");  // the text went with the new body
  EXPECT_TRUE(detail::ResponseAccess::stream(r));
  r.body("again");
  EXPECT_FALSE(r.is_stream());
  EXPECT_FALSE(detail::ResponseAccess::stream(r));
  EXPECT_EQ(r.file_body(), std::nullopt);
}

TEST(Response, SignedCookiesAreSignedByTheAppsSecret) {
  const std::string secret(32, 's');
  const std::vector<std::string> secrets{secret};
  Response r = Response::text("ok").set_signed_cookie("user", "42", {.path = "/"});
  EXPECT_FALSE(r.has_header("Set-Cookie"));  // not until the app signs it
  detail::ResponseAccess::sign_cookies(r, secrets, "no secret");
  const std::string cookie(r.header("set-cookie").value_or(""));
  EXPECT_TRUE(cookie.starts_with("user=42.")) << cookie;
  EXPECT_TRUE(cookie.ends_with("; Path=/")) << cookie;
}

TEST(Response, SigningWithoutASecretSaysHow) {
  Response r = Response::text("ok").set_signed_cookie("user", "42");
  try {
    detail::ResponseAccess::sign_cookies(r, {}, "set SPUR_COOKIE_SECRET");
    FAIL() << "signed without a secret";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "set SPUR_COOKIE_SECRET");
  }
  Response plain = Response::text("ok");
  EXPECT_NO_THROW(detail::ResponseAccess::sign_cookies(plain, {}, "unused"));  // nothing to sign
}

TEST(Request, SameHeaderVerbsAsResponse) {
  std::vector<http::Header> storage(8);
  http::RequestHead head;
  const std::string raw = "GET /x HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nX-A: 2\r\n\r\n";
  ASSERT_EQ(http::parse_request_head(raw, {}, head, storage).status, http::ParseStatus::complete);
  Request req(head, {});
  EXPECT_EQ(req.header("x-a"), "1");
  EXPECT_TRUE(req.has_header("X-A"));
  req.append_header("X-A", "3").set_header("X-B", "b");
  EXPECT_EQ(req.headers().size(), 5u);
  req.set_header("x-a", "only");
  EXPECT_EQ(req.header("X-A"), "only");
  req.remove_header("x-b");
  EXPECT_FALSE(req.has_header("X-B"));
  EXPECT_EQ(req.header("missing"), std::nullopt);
}

}  // namespace
}  // namespace spur
