#pragma once
// A Request over a head parsed by the server's own parser, as a handler gets
// it, for unit tests of what runs on a Request (middleware, matchers).
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "spur/core/request.hpp"
#include "spur/http/limits.hpp"
#include "spur/http/parser.hpp"
#include "spur/text/ascii.hpp"

namespace spur::test {

// A GET of `target` with these header lines (and a Host when they have none).
class TestRequest {
 public:
  explicit TestRequest(std::string_view target, const std::vector<std::string>& header_lines = {}) {
    raw_.append("GET ").append(target).append(" HTTP/1.1\r\n");
    bool has_host = false;
    for (const std::string& line : header_lines) {
      raw_.append(line).append("\r\n");
      has_host = has_host || text::iequals(line.substr(0, 5), "host:");
    }
    if (!has_host) raw_ += "Host: localhost\r\n";
    raw_ += "\r\n";
    fields_.resize(http::Limits{}.max_header_count);
    const http::ParseResult parsed = http::parse_request_head(raw_, {}, head_, fields_);
    if (parsed.status != http::ParseStatus::complete)
      throw std::invalid_argument("not a request head: " + raw_);
    request_.emplace(head_, "");
  }
  TestRequest(const TestRequest&) = delete;
  TestRequest& operator=(const TestRequest&) = delete;

  Request& get() { return *request_; }

 private:
  std::string raw_;
  std::vector<http::Header> fields_;
  http::RequestHead head_;
  std::optional<Request> request_;
};

}  // namespace spur::test
