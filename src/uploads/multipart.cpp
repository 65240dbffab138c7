#include "multipart.hpp"

#include <algorithm>

#include "spur/http/char_class.hpp"
#include "spur/http/header.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/utf8.hpp"

namespace spur::detail {
namespace {

constexpr std::size_t max_boundary_bytes = 70;

// bcharsnospace (RFC 2046 §5.1.1): the boundary's characters, space aside.
constexpr bool is_bchar_nospace(char c) noexcept {
  if ((c >= '0' && c <= '9') || http::detail::is_alpha(c)) return true;
  return std::string_view("'()+_,-./:=?").find(c) != std::string_view::npos;
}

bool valid_boundary(std::string_view b) noexcept {
  if (b.empty() || b.size() > max_boundary_bytes || b.back() == ' ') return false;
  return std::all_of(b.begin(), b.end(), [](char c) { return c == ' ' || is_bchar_nospace(c); });
}

// An unquoted parameter value: a token, also allowing the boundary's
// characters ("boundary=----=_Part_1") since neither set holds ';', '"' or space.
constexpr bool is_value_char(char c) noexcept {
  return http::detail::is_tchar(c) || is_bchar_nospace(c);
}

using text::is_ows;
using text::trim;

// qdtext (RFC 9110 §5.6.4): HTAB, SP, VCHAR but '"' and '\', obs-text.
constexpr bool is_qdtext(char c) noexcept {
  return http::detail::is_field_vchar(c) && c != '"' && c != '\\';
}

// `value` is the rest of a header value after its first element (the media
// type or the disposition type); calls f(name, value) for each parameter of
// `*( OWS ";" OWS [ name OWS "=" OWS ( token / quoted-string ) ] )` with
// quoted-pairs resolved. False on bad syntax or when f returns false.
template <typename F>
bool for_each_param(std::string_view s, F&& f) {
  std::size_t i = 0;
  auto skip_ows = [&] {
    while (i < s.size() && is_ows(s[i])) ++i;
  };
  std::string value;
  for (;;) {
    skip_ows();
    if (i == s.size()) return true;
    if (s[i] != ';') return false;
    ++i;
    skip_ows();
    if (i == s.size() || s[i] == ';') continue;  // an empty parameter
    const std::size_t name_begin = i;
    while (i < s.size() && http::detail::is_tchar(s[i])) ++i;
    const std::string_view name = s.substr(name_begin, i - name_begin);
    if (name.empty()) return false;
    skip_ows();
    if (i == s.size() || s[i] != '=') return false;
    ++i;
    skip_ows();
    value.clear();
    if (i < s.size() && s[i] == '"') {
      for (++i;; ++i) {
        if (i == s.size()) return false;  // unterminated
        const char c = s[i];
        if (c == '"') break;
        if (c == '\\') {
          // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
          if (++i == s.size() || !http::detail::is_field_vchar(s[i])) return false;
          value += s[i];
        } else if (is_qdtext(c)) {
          value += c;
        } else {
          return false;
        }
      }
      ++i;
    } else {
      const std::size_t value_begin = i;
      while (i < s.size() && is_value_char(s[i])) ++i;
      if (i == value_begin) return false;
      value.assign(s.substr(value_begin, i - value_begin));
    }
    if (!f(name, std::string_view(value))) return false;
  }
}

// ext-value = charset "'" [ language ] "'" value-chars (RFC 5987 §3.2.1),
// decoded to UTF-8. nullopt on bad syntax or a charset other than UTF-8 and
// ISO-8859-1.
std::optional<std::string> decode_ext_value(std::string_view v) {
  const std::size_t q1 = v.find('\'');
  if (q1 == std::string_view::npos) return std::nullopt;
  const std::size_t q2 = v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return std::nullopt;
  const std::string_view charset = v.substr(0, q1);
  const bool utf8 = text::iequals(charset, "UTF-8");
  if (!utf8 && !text::iequals(charset, "ISO-8859-1")) return std::nullopt;
  std::string bytes;
  for (std::size_t i = q2 + 1; i < v.size(); ++i) {
    char c = v[i];
    if (c == '%') {
      if (v.size() - i < 3 || !http::detail::is_hex(v[i + 1]) || !http::detail::is_hex(v[i + 2]))
        return std::nullopt;
      c = static_cast<char>(text::hex_value(v[i + 1]) * 16 + text::hex_value(v[i + 2]));
      i += 2;
    } else if (!http::detail::is_tchar(c)) {
      return std::nullopt;  // attr-char is a subset of tchar
    }
    bytes += c;
  }
  if (utf8) return text::sanitize_utf8(bytes);
  std::string out;
  for (char c : bytes) text::append_utf8(out, static_cast<unsigned char>(c));
  return out;
}

// Content-Disposition: form-data; name="..."[; filename="..."][; filename*=...]
bool parse_disposition(std::string_view value, PartInfo& part) {
  const std::size_t semi = value.find(';');
  if (!text::iequals(trim(value.substr(0, semi)), "form-data")) return false;
  if (semi == std::string_view::npos) return false;  // no name
  bool has_name = false;
  std::optional<std::string> filename, filename_ext;
  const bool ok = for_each_param(value.substr(semi), [&](std::string_view n, std::string_view v) {
    if (text::iequals(n, "name")) {
      if (has_name) return false;
      has_name = true;
      part.name.assign(v);
    } else if (text::iequals(n, "filename")) {
      if (filename) return false;
      filename.emplace(v);
    } else if (text::iequals(n, "filename*")) {
      if (filename_ext) return false;
      filename_ext = decode_ext_value(v);
      if (!filename_ext) return false;
    }
    return true;
  });
  if (!ok || !has_name) return false;
  if (filename_ext)
    part.filename = std::move(filename_ext);
  else
    part.filename = std::move(filename);
  return true;
}

// The header section: field lines, each ending in CRLF, then CRLF.
bool parse_part_headers(std::string_view block, PartInfo& part) {
  bool has_disposition = false, has_type = false;
  while (!block.empty()) {
    const std::size_t eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    block.remove_prefix(eol + 2);
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    const std::string_view name = line.substr(0, colon);
    // Also rejects obs-fold (a line starting with whitespace) and a space before the colon.
    if (!std::all_of(name.begin(), name.end(), http::detail::is_tchar)) return false;
    const std::string_view value = trim(line.substr(colon + 1));
    if (!std::all_of(value.begin(), value.end(), http::detail::is_field_vchar)) return false;
    part.headers.push_back({std::string(name), std::string(value)});
    if (text::iequals(name, "Content-Disposition")) {
      if (has_disposition || !parse_disposition(value, part)) return false;
      has_disposition = true;
    } else if (text::iequals(name, "Content-Type")) {
      if (has_type || value.empty()) return false;
      has_type = true;
      part.content_type.assign(value);
    }
  }
  if (!has_disposition) return false;
  if (!has_type) part.content_type = part.is_file() ? "application/octet-stream" : "text/plain";
  return true;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  if (!text::iequals(trim(content_type.substr(0, semi)), "multipart/form-data"))
    return std::nullopt;
  if (semi == std::string_view::npos) return std::nullopt;
  std::optional<std::string> boundary;
  const bool ok =
      for_each_param(content_type.substr(semi), [&](std::string_view n, std::string_view v) {
        if (!text::iequals(n, "boundary")) return true;
        if (boundary) return false;
        boundary.emplace(v);
        return true;
      });
  if (!ok || !boundary || !valid_boundary(*boundary)) return std::nullopt;
  return boundary;
}

int multipart_status(MultipartError e) noexcept {
  switch (e) {
    case MultipartError::none: return 0;
    case MultipartError::malformed: return 400;
    default: return 413;
  }
}

std::string_view to_string(MultipartError e) noexcept {
  switch (e) {
    case MultipartError::none: return "none";
    case MultipartError::malformed: return "malformed multipart body";
    case MultipartError::too_many_parts: return "too many parts";
    case MultipartError::header_too_large: return "part header too large";
    case MultipartError::file_too_large: return "file too large";
    case MultipartError::field_too_large: return "field too large";
    case MultipartError::total_too_large: return "multipart body too large";
  }
  return "unknown";
}

MultipartParser::MultipartParser(std::string boundary, MultipartLimits limits)
    : delimiter_("\r\n--" + boundary), limits_(limits) {
  if (!valid_boundary(boundary)) {
    state_ = State::error;
    error_ = MultipartError::malformed;
    return;
  }
  // The first dash-boundary may open the body without a CRLF before it: as if
  // that CRLF had been read already.
  held_ = 2;
}

MultipartParser::Event MultipartParser::fail(MultipartError e) {
  state_ = State::error;
  error_ = e;
  data_ = {};
  return Event::error;
}

MultipartParser::Event MultipartParser::next(std::string_view& input) {
  data_ = {};
  if (state_ == State::error) return Event::error;
  if (state_ == State::done) {
    input.remove_prefix(input.size());
    return Event::done;
  }
  // Only the bytes up to max_total_bytes are parsed; needing one more is the error.
  const std::uint64_t room = limits_.max_total_bytes - total_;
  std::string_view window = room < input.size() ? input.substr(0, room) : input;
  const std::size_t offered = window.size();
  const Event e = step(window);
  const std::size_t used = offered - window.size();
  total_ += used;
  input.remove_prefix(used);
  if (e == Event::done) {
    input.remove_prefix(input.size());  // the epilogue
  } else if (e == Event::need_more && !input.empty()) {
    return fail(MultipartError::total_too_large);
  }
  return e;
}

MultipartParser::Event MultipartParser::finish() {
  if (state_ == State::done) return Event::done;
  if (state_ == State::error) return Event::error;
  return fail(MultipartError::malformed);
}

MultipartParser::Event MultipartParser::emit(std::string_view bytes) {
  const bool file = part_.is_file();
  const std::uint64_t limit = file ? limits_.max_file_bytes : limits_.max_field_bytes;
  if (bytes.size() > limit - part_bytes_)
    return fail(file ? MultipartError::file_too_large : MultipartError::field_too_large);
  part_bytes_ += bytes.size();
  data_ = bytes;
  return Event::part_data;
}

MultipartParser::Event MultipartParser::headers_complete() {
  part_ = PartInfo{};
  const bool ok = parse_part_headers(header_buf_, part_);
  header_buf_.clear();
  if (!ok) return fail(MultipartError::malformed);
  part_bytes_ = 0;
  state_ = State::body;
  return Event::part_begin;
}

// In the preamble and in a body: finds the next delimiter in the bytes held
// back so far followed by `in`. Body bytes before it are handed out (the
// preamble's are dropped); a delimiter prefix at the end of `in` is held back.
MultipartParser::Event MultipartParser::scan_for_delimiter(std::string_view& in) {
  const bool keep = state_ == State::body;
  const std::string_view delim = delimiter_;
  const std::size_t m = delim.size();
  auto found = [&] {
    state_ = State::boundary_tail;
    header_bytes_ = 0;
    return keep ? Event::part_end : step(in);
  };

  if (held_ > 0) {
    const std::size_t j = std::min(m - held_, in.size());
    if (in.substr(0, j) == delim.substr(held_, j)) {
      in.remove_prefix(j);
      held_ += j;
      if (held_ < m) return Event::need_more;  // `in` is used up
      held_ = 0;
      return found();
    }
    // Only the delimiter's first byte is a CR (a boundary has none), so no
    // delimiter starts inside the held bytes either: they are all body.
    const std::size_t k = held_;
    held_ = 0;
    if (keep) return emit(delim.substr(0, k));
  }

  for (std::size_t from = 0;;) {
    const std::size_t p = in.find('\r', from);
    if (p == std::string_view::npos) {
      const std::string_view body = in;
      in.remove_prefix(in.size());
      return keep && !body.empty() ? emit(body) : Event::need_more;
    }
    const std::size_t j = std::min(m, in.size() - p);
    if (in.substr(p, j) != delim.substr(0, j)) {
      from = p + 1;
      continue;
    }
    if (p > 0) {
      // The bytes before a (possible) delimiter are body; it is looked at next.
      const std::string_view body = in.substr(0, p);
      in.remove_prefix(p);
      if (keep) return emit(body);
      from = 0;
      continue;
    }
    in.remove_prefix(j);
    if (j < m) {
      held_ = j;
      return Event::need_more;
    }
    return found();
  }
}

MultipartParser::Event MultipartParser::step(std::string_view& in) {
  for (;;) {
    switch (state_) {
      case State::preamble:
      case State::body: return scan_for_delimiter(in);

      case State::headers:
        while (!in.empty()) {
          const char c = in.front();
          if (++header_bytes_ > limits_.max_part_header_bytes)
            return fail(MultipartError::header_too_large);
          // Every line ends in CRLF: no bare CR, no bare LF.
          const bool after_cr = !header_buf_.empty() && header_buf_.back() == '\r';
          if (after_cr != (c == '\n')) return fail(MultipartError::malformed);
          header_buf_ += c;
          in.remove_prefix(1);
          if (c == '\n' && (header_buf_.size() == 2 || header_buf_.ends_with("\r\n\r\n")))
            return headers_complete();
        }
        return Event::need_more;

      case State::done: return Event::done;
      case State::error: return Event::error;

      default: break;
    }

    // The rest of a boundary line, a byte at a time:
    //   delimiter ( "--" / transport-padding CRLF ), transport-padding = *LWSP-char
    if (in.empty()) return Event::need_more;
    const char c = in.front();
    in.remove_prefix(1);
    switch (state_) {
      case State::boundary_tail:
        if (c == '-') {
          state_ = State::close_dash;
          break;
        }
        [[fallthrough]];
      case State::padding:
        if (c == ' ' || c == '\t') {
          if (++header_bytes_ > limits_.max_part_header_bytes)
            return fail(MultipartError::header_too_large);
          state_ = State::padding;
        } else if (c == '\r') {
          state_ = State::boundary_lf;
        } else {
          return fail(MultipartError::malformed);
        }
        break;
      case State::close_dash:
        if (c != '-') return fail(MultipartError::malformed);
        state_ = State::done;
        return Event::done;
      case State::boundary_lf:
        if (c != '\n') return fail(MultipartError::malformed);
        if (++parts_ > limits_.max_parts) return fail(MultipartError::too_many_parts);
        state_ = State::headers;
        break;
      default: break;
    }
  }
}

}  // namespace spur::detail
