#pragma once
// JSON string literals, written as JavaScript's JSON.stringify writes them.
#include <string>
#include <string_view>

namespace spur::text {

// Appends `s` as a quoted JSON string: `"` and `\` escaped, \b \f \n \r \t
// by name, other control characters as \u00XX, everything else as it is.
// Invalid UTF-8 sequences become U+FFFD, so the output is always valid JSON.
// Example: append_json_string(out, "a\"b\n") appends "a\"b\n" (quoted, escaped).
void append_json_string(std::string& out, std::string_view s);

}  // namespace spur::text
