#pragma once
// The parsed request line and header section. Every view points into the
// buffer the parser was given; the head is valid while that buffer is.
#include <cstdint>
#include <span>
#include <string_view>

#include "spur/http/header.hpp"
#include "spur/http/method.hpp"
#include "spur/text/ascii.hpp"

namespace spur::http {

// RFC 9112 §3.2: the four forms of request-target.
enum class TargetForm : std::uint8_t { origin, absolute, authority, asterisk };

// How the request body is delimited (RFC 9112 §6.3).
enum class BodyFraming : std::uint8_t { none, content_length, chunked };

struct RequestHead {
  Method method = Method::other;
  std::string_view method_token;  // as sent, e.g. "GET" or "PROPFIND"
  std::string_view target;        // as sent
  TargetForm target_form = TargetForm::origin;
  std::string_view path;   // origin-form path; for absolute-form, the path part ("/" if empty)
  std::string_view query;  // after '?', without it; empty if none
  int version_minor = 1;   // HTTP/1.<minor>; only 0 and 1 are accepted
  std::span<const Header> headers;
  std::string_view host;  // the authority: Host field, or absolute-form's

  BodyFraming framing = BodyFraming::none;
  std::uint64_t content_length = 0;  // when framing == content_length
  bool keep_alive = true;            // after Connection and version rules
  bool expect_continue = false;      // Expect: 100-continue
  bool upgrade = false;              // Connection: upgrade with an Upgrade field

  // The first field named `name` (case-insensitive), if any.
  const Header* find(std::string_view name) const noexcept {
    for (const Header& h : headers)
      if (text::iequals(h.name, name)) return &h;
    return nullptr;
  }
};

}  // namespace spur::http
