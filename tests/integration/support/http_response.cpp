#include "support/http_response.hpp"

#include <charconv>

namespace spur::integration {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

ParsedResponse malformed(std::string error) {
  ParsedResponse r;
  r.outcome = ParseOutcome::malformed;
  r.error = std::move(error);
  return r;
}

// Decodes a chunked body starting at `data[pos]`. Returns the position after
// the trailer section, 0 when more bytes are needed, npos when malformed.
std::size_t decode_chunked(std::string_view data, std::size_t pos, std::string& body) {
  for (;;) {
    std::size_t eol = data.find("\r\n", pos);
    if (eol == std::string_view::npos) return 0;
    std::string_view line = data.substr(pos, eol - pos);
    line = line.substr(0, line.find(';'));
    std::uint64_t size = 0;
    auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (ec != std::errc{} || ptr != line.data() + line.size() || line.empty())
      return std::string_view::npos;
    pos = eol + 2;
    if (size == 0) {
      // Trailer fields, then an empty line.
      for (;;) {
        std::size_t end = data.find("\r\n", pos);
        if (end == std::string_view::npos) return 0;
        bool empty = end == pos;
        pos = end + 2;
        if (empty) return pos;
      }
    }
    if (data.size() - pos < size + 2) return 0;
    body.append(data.substr(pos, size));
    pos += size;
    if (data.substr(pos, 2) != "\r\n") return std::string_view::npos;
    pos += 2;
  }
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return std::nullopt;
}

std::size_t HttpResponse::header_count(std::string_view name) const {
  std::size_t count = 0;
  for (const auto& h : headers)
    if (iequals(h.first, name)) ++count;
  return count;
}

ParsedResponse parse_response(std::string_view data, bool head_request, bool eof) {
  ParsedResponse out;
  const std::size_t head_end = data.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (eof) return malformed("connection ended inside a response head");
    return out;
  }
  std::string_view head = data.substr(0, head_end + 2);
  HttpResponse& r = out.response;

  // status-line = HTTP-version SP status-code SP [ reason-phrase ]
  std::size_t eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.") || status_line[8] != ' ' ||
      (status_line.size() > 12 && status_line[12] != ' '))
    return malformed("bad status line: " + std::string(status_line));
  r.version = std::string(status_line.substr(0, 8));
  auto [ptr, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, r.status);
  if (ec != std::errc{} || ptr != status_line.data() + 12 || r.status < 100 || r.status > 999)
    return malformed("bad status code: " + std::string(status_line));
  if (status_line.size() > 13) r.reason = std::string(status_line.substr(13));

  for (std::size_t pos = eol + 2; pos < head.size();) {
    std::size_t end = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, end - pos);
    pos = end + 2;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return malformed("bad header line: " + std::string(line));
    r.headers.emplace_back(std::string(line.substr(0, colon)),
                           std::string(trim(line.substr(colon + 1))));
  }

  std::size_t pos = head_end + 4;
  const bool no_body = head_request || r.status / 100 == 1 || r.status == 204 || r.status == 304;
  if (no_body) {
    out.outcome = ParseOutcome::complete;
    out.consumed = pos;
    return out;
  }
  if (auto te = r.header("Transfer-Encoding")) {
    if (!iequals(trim(*te), "chunked")) return malformed("unexpected Transfer-Encoding: " + *te);
    std::size_t end = decode_chunked(data, pos, r.body);
    if (end == std::string_view::npos) return malformed("bad chunked body");
    if (end == 0) {
      if (eof) return malformed("connection ended inside a chunked body");
      r.body.clear();
      return out;
    }
    out.outcome = ParseOutcome::complete;
    out.consumed = end;
    return out;
  }
  if (r.header_count("Content-Length") > 1) return malformed("several Content-Length fields");
  if (auto cl = r.header("Content-Length")) {
    std::size_t n = 0;
    auto [p, e] = std::from_chars(cl->data(), cl->data() + cl->size(), n);
    if (e != std::errc{} || p != cl->data() + cl->size() || cl->empty())
      return malformed("bad Content-Length: " + *cl);
    if (data.size() - pos < n) {
      if (eof) return malformed("connection ended inside a body");
      return out;
    }
    r.body = std::string(data.substr(pos, n));
    out.outcome = ParseOutcome::complete;
    out.consumed = pos + n;
    return out;
  }
  // Delimited by the end of the connection.
  if (!eof) return out;
  r.body = std::string(data.substr(pos));
  out.outcome = ParseOutcome::complete;
  out.consumed = data.size();
  return out;
}

std::vector<HttpResponse> parse_all_responses(std::string_view data, bool head_request) {
  std::vector<HttpResponse> all;
  while (!data.empty()) {
    ParsedResponse p = parse_response(data, head_request, true);
    if (p.outcome != ParseOutcome::complete) return {};
    all.push_back(std::move(p.response));
    data.remove_prefix(p.consumed);
  }
  return all;
}

}  // namespace spur::integration
