// The error boundary: what a handler's exception becomes, and what it logs.
#include "spur/core/error_boundary.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "spur/core/access.hpp"
#include "spur/core/log.hpp"
#include "spur/core/services.hpp"
#include "spur/http/parser.hpp"
#include "spur/router/params.hpp"

namespace spur {
namespace {

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  return out;
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
  return n;
}

// A client can send a signed cookie to an app that has no secret: each such
// request answers 500, but the log says why once, not once per request.
TEST(ErrorBoundary, AMissingCookieSecretIsLoggedOnce) {
  int out[2], err[2];
  ASSERT_EQ(::pipe(out), 0);
  ASSERT_EQ(::pipe(err), 0);
  {
    Logger log({}, out[1], err[1]);
    detail::Services services{.log = &log};
    std::vector<http::Header> storage(8);
    http::RequestHead head;
    const std::string raw = "GET /x HTTP/1.1\r\nHost: a\r\nCookie: s=1.abc\r\n\r\n";
    ASSERT_EQ(http::parse_request_head(raw, {}, head, storage).status, http::ParseStatus::complete);
    for (int i = 0; i < 50; ++i) {
      Request req(head, {});
      detail::RequestAccess::set_services(req, &services);
      std::exception_ptr failure;
      try {
        (void)req.cookies().get_signed("s");
      } catch (...) {
        failure = std::current_exception();
      }
      ASSERT_TRUE(failure);
      const Response answer = detail::answer_exception(failure, req);
      EXPECT_EQ(answer.status(), 500);
      EXPECT_EQ(answer.body(), R"({"error":"Internal Server Error"})");  // nothing internal
    }
    // Any other failure is still logged every time.
    for (int i = 0; i < 2; ++i) {
      Request req(head, {});
      detail::RequestAccess::set_services(req, &services);
      (void)detail::answer_exception(std::make_exception_ptr(std::runtime_error("boom")), req);
    }
    log.flush();
    ::close(out[1]);
    ::close(err[1]);
  }
  const std::string said = read_all(out[0]) + read_all(err[0]);
  EXPECT_EQ(count(said, "SPUR_COOKIE_SECRET"), 1u) << said;
  EXPECT_EQ(count(said, "boom"), 2u) << said;
  ::close(out[0]);
  ::close(err[0]);
}

TEST(ErrorBoundary, APathParameterOfTheWrongTypeIsA400NamingIt) {
  std::vector<http::Header> storage(8);
  http::RequestHead head;
  ASSERT_EQ(
      http::parse_request_head("GET /posts/abc HTTP/1.1\r\nHost: a\r\n\r\n", {}, head, storage)
          .status,
      http::ParseStatus::complete);
  Request req(head, {});
  router::Params params;
  params.add("id", std::string("abc"));
  std::exception_ptr failure;
  try {
    (void)params.get<std::int64_t>("id");
  } catch (...) {
    failure = std::current_exception();
  }
  const Response answer = detail::answer_exception(failure, req);
  EXPECT_EQ(answer.status(), 400);
  EXPECT_EQ(answer.body(), R"({"error":"Invalid path parameter 'id': expected an integer from )"
                           R"(-9223372036854775808 to 9223372036854775807"})");
}

}  // namespace
}  // namespace spur
