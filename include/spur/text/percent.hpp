#pragma once
// Percent-decoding, written once for the two ways the web decodes:
//  - strictly, as JavaScript's decodeURIComponent (route parameters, cookies):
//    every escape must be well formed and the result valid UTF-8;
//  - leniently, as URLSearchParams (queries, urlencoded forms): '+' is a
//    space, a malformed '%' stays as it is, invalid UTF-8 becomes U+FFFD.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spur::text {

// Decodes every %XX escape, %2F included ('+' stays '+'). nullopt when a '%'
// is not followed by two hex digits or the bytes are not valid UTF-8.
// Example: decode_uri_component("J%C3%B6rg") == "Jörg";
//          decode_uri_component("%E0%A4%A") == nullopt
std::optional<std::string> decode_uri_component(std::string_view encoded);

// Lenient decoding of one query or form component: form_decode("a+b%21") == "a b!".
std::string form_decode(std::string_view encoded);

// `a=1&b=2&a=3` → {{"a","1"},{"b","2"},{"a","3"}}; `z` → {"z",""}; empty
// parts skipped; names and values form_decode()d.
std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view s);

}  // namespace spur::text
