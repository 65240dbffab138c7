#pragma once
// HTTP request methods (RFC 9110 §9). Unknown tokens are kept as text by the
// parser and reported as Method::other, so routing can answer 405 or 501.
#include <cstdint>
#include <string_view>

namespace spur::http {

enum class Method : std::uint8_t {
  get,
  head,
  post,
  put,
  delete_,
  connect,
  options,
  trace,
  patch,
  other,
};

// The method for a token, case-sensitively as RFC 9110 §9.1 requires.
// Example: method_from_token("GET") == Method::get; "get" is Method::other.
Method method_from_token(std::string_view token) noexcept;

// Whether `token` is a method of the IANA HTTP Method Registry or one Node's
// parser knows (PURGE, M-SEARCH, …), case-sensitively. Any other token is
// refused by the parser with 501 before a handler sees it.
// Example: is_registered_method("PROPFIND") == true; "get" and "FOO" are not.
bool is_registered_method(std::string_view token) noexcept;

// The canonical token; "" for Method::other.
std::string_view to_string(Method m) noexcept;

}  // namespace spur::http
