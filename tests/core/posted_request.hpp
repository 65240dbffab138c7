#pragma once
// A POST with a given body, parsed as the server parses it, for tests of
// what handlers read from a body.
#include <stdexcept>
#include <string>
#include <string_view>

#include "spur/core/request.hpp"
#include "spur/http/parser.hpp"

namespace spur::test {

class Posted {
 public:
  explicit Posted(std::string body, std::string_view content_type = "text/plain")
      : head_text_("POST /api/posts HTTP/1.1\r\nHost: localhost\r\nContent-Type: " +
                   std::string(content_type) + "\r\n\r\n"),
        body_(std::move(body)) {
    http::ParseResult r = http::parse_request_head(head_text_, {}, head_, fields_);
    if (r.status != http::ParseStatus::complete) throw std::logic_error("bad test request head");
  }
  Posted(const Posted&) = delete;
  Posted& operator=(const Posted&) = delete;

  Request request() const { return Request(head_, body_); }

 private:
  std::string head_text_;
  std::string body_;
  http::Header fields_[8];
  http::RequestHead head_;
};

}  // namespace spur::test
