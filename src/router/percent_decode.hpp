#pragma once
// Percent-decoding of one path segment into a parameter value, with the rules
// of JavaScript's decodeURIComponent, which Next.js applies to route params.
#include <optional>
#include <string>
#include <string_view>

namespace spur::router {

// Decodes every %XX escape, including %2F (a '/' inside a parameter stays part
// of it). '+' is kept: it means a space only in query strings.
// Returns nullopt, which the server answers with 400, when a '%' is not
// followed by two hex digits or when the decoded bytes are not valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF included).
// Example: percent_decode_segment("J%C3%B6rg") == "Jörg";
//          percent_decode_segment("%E0%A4%A") == nullopt
std::optional<std::string> percent_decode_segment(std::string_view segment);

// The value of a hex digit, or -1 when `c` is not one.
int hex_value(char c) noexcept;

// True when `bytes` is well-formed UTF-8 (RFC 3629).
bool is_valid_utf8(std::string_view bytes) noexcept;

}  // namespace spur::router
