#include "spur/text/json_escape.hpp"

#include "spur/text/ascii.hpp"
#include "spur/text/utf8.hpp"

namespace spur::text {
namespace {

void append_escaped(std::string& out, char32_t cp) {
  switch (cp) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
  }
  if (cp < 0x20) {
    out += "\\u00";
    out += hex_digit(cp >> 4);
    out += hex_digit(cp);
  } else {
    append_utf8(out, cp);
  }
}

bool needs_escape(unsigned char c) noexcept { return c < 0x20 || c == '"' || c == '\\'; }

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  if (is_valid_utf8(s)) {
    // The common case: copy runs of bytes that need no escape in one append each.
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (!needs_escape(static_cast<unsigned char>(s[i]))) continue;
      out.append(s.data() + run, i - run);
      append_escaped(out, static_cast<unsigned char>(s[i]));
      run = i + 1;
    }
    out.append(s.data() + run, s.size() - run);
  } else {
    // Each bad sequence becomes U+FFFD, as JavaScript's decoders do.
    decode_utf8(s, [&out](char32_t cp) { append_escaped(out, cp); });
  }
  out += '"';
}

}  // namespace spur::text
