#include "spur/http/serializer.hpp"

#include <charconv>

#include "spur/http/status.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/http_date.hpp"

namespace spur::http {
namespace {

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  auto r = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, r.ptr);
}

// Fields the server writes itself (framing, the connection's fate, the date):
// a handler's copy never reaches the wire beside them, so a response cannot
// carry two lengths or a length and chunking (RFC 9112 §6.1). Upgrade and
// Connection are a 101's own, and Upgrade a 426's.
bool server_owned(std::string_view name, int status) noexcept {
  switch (name.empty() ? 0 : name[0] | 0x20) {
    case 'c':
      return text::iequals(name, "content-length") ||
             (status != 101 && text::iequals(name, "connection"));
    case 't': return text::iequals(name, "transfer-encoding");
    case 'd': return text::iequals(name, "date");
    case 'k': return text::iequals(name, "keep-alive");
    case 'u': return status != 101 && status != 426 && text::iequals(name, "upgrade");
    default: return false;
  }
}

}  // namespace

void write_head(std::string& out, const ResponseHead& h) {
  out += "HTTP/1.1 ";
  append_number(out, static_cast<std::uint64_t>(h.status));
  out += ' ';
  out += h.reason.empty() ? reason_phrase(h.status) : h.reason;
  out += "\r\nDate: ";
  out += text::http_date_now();
  out += "\r\n";
  if (!status_forbids_body(h.status)) {
    if (h.chunked) {
      out += "Transfer-Encoding: chunked\r\n";
    } else {
      out += "Content-Length: ";
      append_number(out, h.content_length);
      out += "\r\n";
    }
  }
  if (!h.keep_alive)
    out += "Connection: close\r\n";
  else if (h.version_minor == 0)
    out += "Connection: keep-alive\r\n";
  if (h.fields) {
    out.reserve(out.size() + h.fields->wire_size() + 2);
    for (const Header f : *h.fields)
      if (!server_owned(f.name, h.status))
        out.append(f.name).append(": ").append(f.value).append("\r\n");
  }
  out += "\r\n";
}

void write_chunk(std::string& out, std::string_view data) {
  if (data.empty()) return;
  char hex[20];
  auto r = std::to_chars(hex, hex + sizeof hex, data.size(), 16);
  out.append(hex, r.ptr);
  out += "\r\n";
  out += data;
  out += "\r\n";
}

void write_last_chunk(std::string& out) { out += "0\r\n\r\n"; }

}  // namespace spur::http
