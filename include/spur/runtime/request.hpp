#pragma once
// The request a handler sees: views into the connection's buffer, valid until
// the handler's Response has been produced. Copy what must outlive it.
#include <optional>
#include <span>
#include <string_view>

#include "spur/http/request_head.hpp"

namespace spur {

class Request final {
 public:
  Request(const http::RequestHead& head, std::string_view body) noexcept
      : head_(&head), body_(body) {}

  // "GET", "POST", … as sent (methods are case-sensitive).
  std::string_view method() const noexcept { return head_->method_token; }
  http::Method method_kind() const noexcept { return head_->method; }
  // The request-target as sent, e.g. "/api/users/7?x=1".
  std::string_view target() const noexcept { return head_->target; }
  // The path, still percent-encoded, e.g. "/api/users/7".
  std::string_view path() const noexcept { return head_->path; }
  // The query without '?', still encoded; empty if none.
  std::string_view query() const noexcept { return head_->query; }
  int http_version_minor() const noexcept { return head_->version_minor; }

  // The first header field named `name`, case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const noexcept {
    if (const http::Header* h = head_->find(name)) return h->value;
    return std::nullopt;
  }
  std::span<const http::Header> headers() const noexcept { return head_->headers; }

  // The body, de-chunked and complete.
  std::string_view text() const noexcept { return body_; }

  const http::RequestHead& head() const noexcept { return *head_; }

 private:
  const http::RequestHead* head_;
  std::string_view body_;
};

}  // namespace spur
