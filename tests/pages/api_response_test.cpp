// res helpers against Next.js 16's recorded answers (send_*, users_*,
// methods_*, pages_hello_etag_*), and the ETag / 304 rules.
#include "spur/pages/api_response.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pages_test_util.hpp"

namespace spur {
namespace {

using test::header;
using test::header_values;
using test::hello;
using test::run;
using test::TestRequest;
using test::users;
using Headers = std::vector<std::pair<std::string, std::string>>;
using Strings = std::vector<std::string>;

Response answer(void (*handler)(ApiRequest&, ApiResponse&), std::string_view method = "GET",
                Headers headers = {}) {
  TestRequest req(method, "/api/test", std::move(headers));
  return run(to_pages_handler(handler), req);
}

TEST(ApiResponse, JsonHasCharsetAndTheRecordedEtag) {  // pages_hello_get
  Response r = answer(hello);
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.body(), R"({"message":"Hello from Next.js!"})");
  EXPECT_EQ(header(r, "content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(header(r, "etag"), R"("x0q7xhtzoxx")");
  // Framing is the server's: no Content-Length line in the handler's fields.
  EXPECT_EQ(header(r, "content-length"), std::nullopt);
}

TEST(ApiResponse, HandlerSeesEveryMethod) {  // pages_hello_post, pages_hello_options
  for (const char* method : {"POST", "OPTIONS", "HEAD", "DELETE"}) {
    SCOPED_TRACE(method);
    Response r = answer(hello, method);
    EXPECT_EQ(r.status(), 200);
    EXPECT_EQ(r.body(), R"({"message":"Hello from Next.js!"})");
  }
}

TEST(ApiResponse, MatchingIfNoneMatchOnGetIs304KeepingTypeAndEtag) {  // pages_hello_etag_304
  Response r = answer(hello, "GET", {{"If-None-Match", R"("x0q7xhtzoxx")"}});
  EXPECT_EQ(r.status(), 304);
  EXPECT_EQ(r.body(), "");
  EXPECT_EQ(header(r, "content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(header(r, "etag"), R"("x0q7xhtzoxx")");
}

TEST(ApiResponse, MatchingIfNoneMatchOnHeadIs304) {
  EXPECT_EQ(answer(hello, "HEAD", {{"If-None-Match", R"("x0q7xhtzoxx")"}}).status(), 304);
}

TEST(ApiResponse, MatchingIfNoneMatchOnPostIs200) {
  // Next.js answers 304 even to POST (pages_hello_etag_304_post); Spur's
  // policy no-304-post keeps 304 for GET and HEAD.
  Response r = answer(hello, "POST", {{"If-None-Match", R"("x0q7xhtzoxx")"}});
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.body(), R"({"message":"Hello from Next.js!"})");
  EXPECT_EQ(header(r, "etag"), R"("x0q7xhtzoxx")");
}

TEST(ApiResponse, IfNoneMatchForms) {
  struct Case {
    Headers headers;
    int status;
  };
  const std::vector<Case> cases = {
      {{{"If-None-Match", R"("other")"}}, 200},  // pages_hello_etag_other
      {{{"If-None-Match", R"("a", "x0q7xhtzoxx")"}}, 304},
      {{{"If-None-Match", R"(W/"x0q7xhtzoxx")"}}, 304},
      {{{"If-None-Match", "*"}}, 304},
      {{{"If-None-Match", R"("a")"}, {"If-None-Match", R"("x0q7xhtzoxx")"}}, 304},
      {{{"If-None-Match", R"("x0q7xhtzoxx")"}, {"Cache-Control", "no-cache"}}, 200},
      {{{"If-None-Match", R"("x0q7xhtzoxx")"}, {"Cache-Control", "max-age=0, no-cache"}}, 200},
      {{{"If-None-Match", R"("x0q7xhtzoxx")"}, {"Cache-Control", "max-age=0"}}, 304},
      // If-Modified-Since needs a Last-Modified the handler did not set.
      {{{"If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"}}, 200},
      {{{"If-None-Match", R"("x0q7xhtzoxx")"},
        {"If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"}},
       200},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(answer(hello, "GET", cases[i].headers).status(), cases[i].status);
  }
}

TEST(ApiResponse, IfModifiedSinceAgainstLastModified) {
  auto handler = [](ApiRequest&, ApiResponse& res) {
    res.set_header("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT");
    res.send("x");
  };
  TestRequest newer("GET", "/", {{"If-Modified-Since", "Mon, 07 Nov 1994 08:49:37 GMT"}});
  EXPECT_EQ(run(to_pages_handler(handler), newer).status(), 304);
  TestRequest older("GET", "/", {{"If-Modified-Since", "Sat, 05 Nov 1994 08:49:37 GMT"}});
  EXPECT_EQ(run(to_pages_handler(handler), older).status(), 200);
  TestRequest garbage("GET", "/", {{"If-Modified-Since", "yesterday"}});
  EXPECT_EQ(run(to_pages_handler(handler), garbage).status(), 200);
}

TEST(ApiResponse, SendTextHasNoContentType) {  // send_text
  Response r = answer([](ApiRequest&, ApiResponse& res) { res.send("plain text"); });
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.body(), "plain text");
  EXPECT_EQ(header(r, "content-type"), std::nullopt);
  EXPECT_EQ(header(r, "etag"), R"("pg63sxj7mta")");
}

TEST(ApiResponse, SendTextKeepsAContentTypeSetBefore) {
  Response r = answer([](ApiRequest&, ApiResponse& res) {
    res.set_header("Content-Type", "text/html; charset=utf-8").send("<p>hi</p>");
  });
  EXPECT_EQ(header(r, "content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.body(), "<p>hi</p>");
}

TEST(ApiResponse, SendBytesIsOctetStreamWithTheBufferEtag) {  // send_buffer
  Response r = answer([](ApiRequest&, ApiResponse& res) { res.send_bytes("raw bytes"); });
  EXPECT_EQ(r.status(), 200);
  EXPECT_EQ(r.body(), "raw bytes");
  EXPECT_EQ(header(r, "content-type"), "application/octet-stream");
  EXPECT_EQ(header(r, "etag"), R"("lmpgz31nj71n")");

  Response typed = answer([](ApiRequest&, ApiResponse& res) {
    const std::byte png[] = {std::byte{0x89}, std::byte{'P'}};
    res.set_header("Content-Type", "image/png").send_bytes(png);
  });
  EXPECT_EQ(header(typed, "content-type"), "image/png");
  EXPECT_EQ(typed.body(), "\x89P");
}

TEST(ApiResponse, SendNumberIsJson) {  // send_number
  Response r = answer([](ApiRequest&, ApiResponse& res) { res.send(42); });
  EXPECT_EQ(r.body(), "42");
  EXPECT_EQ(header(r, "content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(header(r, "etag"), R"("145yod55ra52")");

  EXPECT_EQ(answer([](ApiRequest&, ApiResponse& res) { res.send(0.5); }).body(), "0.5");
  EXPECT_EQ(answer([](ApiRequest&, ApiResponse& res) { res.send(true); }).body(), "true");
  EXPECT_EQ(answer([](ApiRequest&, ApiResponse& res) { res.send(2.5f); }).body(), "2.5");
  EXPECT_EQ(answer([](ApiRequest&, ApiResponse& res) { res.send(std::uint8_t{7}); }).body(), "7");
  EXPECT_EQ(answer([](ApiRequest&, ApiResponse& res) { res.send(-3LL); }).body(), "-3");
}

TEST(ApiResponse, RedirectDefaultsTo307WithTheUrlAsBody) {  // send_redirect_default_307
  Response r = answer([](ApiRequest&, ApiResponse& res) { res.redirect("/api/hello"); });
  EXPECT_EQ(r.status(), 307);
  EXPECT_EQ(header(r, "location"), "/api/hello");
  EXPECT_EQ(r.body(), "/api/hello");
  EXPECT_EQ(header(r, "content-type"), std::nullopt);
  EXPECT_EQ(header(r, "etag"), std::nullopt);
}

TEST(ApiResponse, RedirectWithStatus) {  // send_redirect_301
  Response r = answer([](ApiRequest&, ApiResponse& res) { res.redirect(301, "/api/hello"); });
  EXPECT_EQ(r.status(), 301);
  EXPECT_EQ(header(r, "location"), "/api/hello");
  EXPECT_EQ(r.body(), "/api/hello");
}

TEST(ApiResponse, Status204DropsBodyAndContentHeaders) {  // send.ts kind=nocontent
  Response r = answer([](ApiRequest&, ApiResponse& res) {
    res.status(204).json({{"ignored", true}});
  });
  EXPECT_EQ(r.status(), 204);
  EXPECT_EQ(r.body(), "");
  EXPECT_EQ(header(r, "content-type"), std::nullopt);
  EXPECT_EQ(header(r, "etag"), std::nullopt);
}

TEST(ApiResponse, SetCookieListIsTwoLines) {  // send_cookies
  Response r = answer([](ApiRequest&, ApiResponse& res) {
    res.set_header("Set-Cookie", {"a=1; Path=/", "b=2; Path=/; HttpOnly"});
    res.status(200).json({{"cookies", boost::json::object()}});
  });
  EXPECT_EQ(header_values(r, "set-cookie"), (Strings{"a=1; Path=/", "b=2; Path=/; HttpOnly"}));
  EXPECT_EQ(header(r, "etag"), R"("66bachvpype")");
}

TEST(ApiResponse, SetCookieHelperAppends) {
  Response r = answer([](ApiRequest&, ApiResponse& res) {
    res.set_cookie("seen", "1", {.path = "/", .http_only = true});
    res.set_cookie("theme", "dark");
    res.end();
  });
  EXPECT_EQ(header_values(r, "set-cookie"), (Strings{"seen=1; Path=/; HttpOnly", "theme=dark"}));
}

TEST(ApiResponse, SeedUsersGet) {  // users_get
  Response r = answer(users);
  EXPECT_EQ(r.body(), R"({"users":["John","Jane"]})");
  EXPECT_EQ(header(r, "etag"), R"("hnfl872sfcp")");
}

TEST(ApiResponse, Seed405IsTwoAllowLinesWithoutContentType) {  // users_delete_405
  for (const char* method : {"DELETE", "PUT", "OPTIONS", "HEAD"}) {
    SCOPED_TRACE(method);
    Response r = answer(users, method);
    EXPECT_EQ(r.status(), 405);
    EXPECT_EQ(header_values(r, "allow"), (Strings{"GET", "POST"}));
    EXPECT_EQ(r.body(), "Method " + std::string(method) + " Not Allowed");
    EXPECT_EQ(header(r, "content-type"), std::nullopt);
    EXPECT_EQ(header(r, "etag"), std::nullopt);
  }
}

TEST(ApiResponse, AllowFromAVector) {
  Response r = answer([](ApiRequest&, ApiResponse& res) {
    std::vector<std::string> methods{"GET", "POST"};
    res.set_header("Allow", methods).status(405).end();
  });
  EXPECT_EQ(header_values(r, "allow"), (Strings{"GET", "POST"}));
}

TEST(ApiResponse, MethodsJson405) {  // methods_put_405 (README item 5)
  Response r = answer(
      [](ApiRequest&, ApiResponse& res) {
        res.status(405).json({{"message", "Method Not Allowed"}});
      },
      "PUT");
  EXPECT_EQ(r.status(), 405);
  EXPECT_EQ(header(r, "content-type"), "application/json; charset=utf-8");
  EXPECT_TRUE(header(r, "etag"));
}

TEST(ApiResponse, SetHeaderReplacesInPlaceCaseInsensitively) {
  Response r = answer([](ApiRequest&, ApiResponse& res) {
    res.set_header("X-A", "1").set_header("X-B", "2").set_header("x-a", "3");
    EXPECT_EQ(res.get_header("X-A"), "3");
    EXPECT_TRUE(res.has_header("x-b"));
    res.append_header("X-B", "4");
    EXPECT_EQ(res.get_header_values("x-b"), (std::vector<std::string_view>{"2", "4"}));
    res.remove_header("X-C");
    res.end();
  });
  EXPECT_EQ(test::wire_fields(r), "x-a: 3\r\nX-B: 2\r\nX-B: 4\r\n");
}

TEST(ApiResponse, ServerFieldsAreNotSent) {
  Response r = answer([](ApiRequest&, ApiResponse& res) {
    res.set_header("Content-Length", "999").set_header("Connection", "close");
    res.set_header("Transfer-Encoding", "chunked").set_header("X-Kept", "yes");
    EXPECT_EQ(res.get_header("content-length"), "999");
    res.end("body");
  });
  EXPECT_EQ(test::wire_fields(r), "X-Kept: yes\r\n");
  EXPECT_EQ(r.body(), "body");
}

TEST(ApiResponse, HeaderInjectionIsNeutralised) {
  Response r = answer([](ApiRequest&, ApiResponse& res) {
    res.set_header("X-Evil", "a\r\nSet-Cookie: pwned=1");
    res.end();
  });
  EXPECT_EQ(header_values(r, "set-cookie"), Strings{});
}

TEST(ApiResponse, SecondSendIsIgnored) {
  Response r = answer([](ApiRequest&, ApiResponse& res) {
    res.status(201).json({{"first", true}});
    EXPECT_TRUE(res.ended());
    res.send("second");
    res.end("third");
    res.redirect("/elsewhere");
  });
  EXPECT_EQ(r.status(), 201);
  EXPECT_EQ(r.body(), R"({"first":true})");
  EXPECT_EQ(header(r, "location"), std::nullopt);
}

TEST(ApiResponse, EndWithoutBody) {
  Response r = answer([](ApiRequest&, ApiResponse& res) { res.status(202).end(); });
  EXPECT_EQ(r.status(), 202);
  EXPECT_EQ(r.body(), "");
  EXPECT_EQ(test::wire_fields(r), "");
}

TEST(ApiResponse, InvalidStatusThrows) {
  TestRequest req("GET", "/");
  const PagesHandler handler =
      to_pages_handler([](ApiRequest&, ApiResponse& res) { res.status(42).end(); });
  const router::Params params;
  const ApiConfig config;
  EXPECT_THROW(test::run_now(run_pages_route(handler, req.request(), params, config)),
               std::invalid_argument);
}

}  // namespace
}  // namespace spur
