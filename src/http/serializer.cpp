#include "spur/http/serializer.hpp"

#include <charconv>

#include "spur/http/status.hpp"
#include "spur/text/http_date.hpp"

namespace spur::http {
namespace {

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  auto r = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, r.ptr);
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
    for (const Header f : *h.fields) out.append(f.name).append(": ").append(f.value).append("\r\n");
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
