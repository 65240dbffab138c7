#pragma once
// Requests without sockets for the Pages Router tests: raw request bytes go
// through the real head parser, the body is handed over as the connection
// would, and run_pages_route runs to completion.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "async_test_util.hpp"
#include "spur/api.hpp"
#include "spur/http/parser.hpp"
#include "spur/text/ascii.hpp"

namespace spur::test {

// One request: owns the bytes, the field storage and the parsed head that
// spur::Request points into.
class TestRequest {
 public:
  TestRequest(std::string_view method, std::string_view target,
              std::vector<std::pair<std::string, std::string>> headers = {}, std::string body = {})
      : body_(std::move(body)), fields_(64) {
    raw_ = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n";
    for (const auto& [name, value] : headers) raw_ += name + ": " + value + "\r\n";
    if (!body_.empty()) raw_ += "Content-Length: " + std::to_string(body_.size()) + "\r\n";
    raw_ += "\r\n";
    http::ParseResult r = http::parse_request_head(raw_, limits(), head_, fields_);
    EXPECT_EQ(r.status, http::ParseStatus::complete) << raw_;
    request_ = std::make_unique<Request>(head_, body_);
  }
  TestRequest(const TestRequest&) = delete;
  TestRequest& operator=(const TestRequest&) = delete;

  Request& request() { return *request_; }

 private:
  static http::Limits limits() {
    http::Limits l;
    l.max_body_bytes = 64 * 1024 * 1024;
    return l;
  }
  std::string raw_;
  std::string body_;
  std::vector<http::Header> fields_;
  http::RequestHead head_;
  std::unique_ptr<Request> request_;
};

// Runs `handler` for `req` and returns its Response; the Async must finish
// without suspending (nothing here awaits the event loop).
inline Response run(const PagesHandler& handler, TestRequest& req,
                    const router::Params& params = {}, const ApiConfig& config = {}) {
  return test::run_now(run_pages_route(handler, req.request(), params, config));
}

// Every value of header `name` in the response, in order.
inline std::vector<std::string> header_values(const Response& r, std::string_view name) {
  std::vector<std::string> out;
  for (const http::Header h : r.headers())
    if (text::iequals(h.name, name)) out.emplace_back(h.value);
  return out;
}

inline std::optional<std::string> header(const Response& r, std::string_view name) {
  std::vector<std::string> values = header_values(r, name);
  if (values.empty()) return std::nullopt;
  return values.front();
}

// The params a route like pages/api/users/[id].cpp fills in.
inline router::Params params_of(std::vector<std::pair<std::string, router::Params::Value>> list) {
  router::Params p;
  for (auto& [name, value] : list) p.add(name, std::move(value));
  return p;
}

// The seeds' pages/api/hello.ts and pages/api/users.ts (with its 405), as the
// tests' handlers: neither reads the body.
inline void hello(ApiRequest&, ApiResponse& res) {
  res.status(200).json({{"message", "Hello from Next.js!"}});
}

inline void users(ApiRequest& req, ApiResponse& res) {
  if (req.method() == "GET") {
    res.status(200).json({{"users", {"John", "Jane"}}});
  } else if (req.method() == "POST") {
    res.status(201).json({{"message", "User created"}});
  } else {
    res.set_header("Allow", {"GET", "POST"});
    res.status(405).end("Method " + std::string(req.method()) + " Not Allowed");
  }
}

}  // namespace spur::test
