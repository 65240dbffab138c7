#pragma once
// A response body as sent (Content-Encoding gzip, deflate or br) to its
// bytes, never beyond a limit: a small compressed body can expand to
// gigabytes.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace spur::fetch_detail {

enum class Decoded { ok, too_large, malformed, unknown_encoding };

// Decodes `body` in place per `encoding` (a Content-Encoding value; empty or
// "identity", or an empty body: nothing to do).
Decoded decode_content(std::string_view encoding, std::string& body, std::size_t limit);

}  // namespace spur::fetch_detail
