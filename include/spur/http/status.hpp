#pragma once
// Status codes and their reason phrases (RFC 9110 §15).
#include <string_view>

namespace spur::http {

// The standard reason phrase for `code`, or "Unknown" when it has none.
std::string_view reason_phrase(int code) noexcept;

// True for statuses that never carry a body: 1xx, 204 and 304 (RFC 9110 §6.4.1).
constexpr bool status_forbids_body(int code) noexcept {
  return (code >= 100 && code < 200) || code == 204 || code == 304;
}

}  // namespace spur::http
