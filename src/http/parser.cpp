#include "spur/http/parser.hpp"

#include <array>
#include <cstring>

#include "spur/http/char_class.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/list.hpp"

namespace spur::http {
namespace {

// Longest method token accepted; real methods are far shorter. Longer → 501.
constexpr std::size_t max_method_length = 32;

using detail::is_field_vchar;
using detail::is_tchar;

struct Cursor {
  const char* p;
  const char* end;
  bool at_end() const noexcept { return p == end; }
  std::size_t left() const noexcept { return static_cast<std::size_t>(end - p); }
};

ParseResult incomplete() noexcept { return {ParseStatus::incomplete, 0, {}}; }
ParseResult fail(Error e) noexcept { return {ParseStatus::error, 0, e}; }

// Consumes CRLF. Returns false with `res` set when the bytes are not CRLF or
// are not all there yet.
bool expect_crlf(Cursor& c, ParseResult& res) noexcept {
  if (c.at_end()) return res = incomplete(), false;
  if (*c.p == '\n') return res = fail(Error::bad_line_ending), false;
  if (*c.p != '\r') return res = fail(Error::bad_request_line), false;
  if (c.left() < 2) return res = incomplete(), false;
  if (c.p[1] != '\n') return res = fail(Error::bad_line_ending), false;
  c.p += 2;
  return true;
}

using text::for_each_list_element;

bool parse_decimal(std::string_view s, std::uint64_t& out) noexcept {
  if (s.empty() || s.size() > 19) return false;  // 19 digits always fit in 64 bits
  std::uint64_t v = 0;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  out = v;
  return true;
}

// uri-host [ ":" port ] (RFC 9110 §7.2), checked loosely but with no byte
// that could change how the request is routed or logged.
bool valid_host(std::string_view h) noexcept {
  if (h.empty()) return true;  // "Host:" empty is allowed when the target has no authority
  std::size_t i = 0;
  if (h[0] == '[') {  // IP-literal
    std::size_t close = h.find(']');
    if (close == std::string_view::npos) return false;
    for (std::size_t k = 1; k < close; ++k) {
      char c = h[k];
      if (!(detail::is_hex(c) || c == ':' || c == '.' || c == 'v' || c == 'V')) return false;
    }
    i = close + 1;
  } else {
    while (i < h.size() && detail::is_reg_name_char(h[i])) ++i;
  }
  if (i == h.size()) return true;
  if (h[i] != ':') return false;
  for (++i; i < h.size(); ++i)
    if (h[i] < '0' || h[i] > '9') return false;
  return true;
}

// Splits an origin-form or absolute-form target into path and query.
void split_target(RequestHead& out) noexcept {
  std::string_view t = out.target;
  if (out.target_form == TargetForm::absolute) {
    std::size_t scheme_end = t.find("://");
    std::size_t auth_begin = scheme_end + 3;
    std::size_t auth_end = t.find_first_of("/?#", auth_begin);
    if (auth_end == std::string_view::npos) auth_end = t.size();
    out.host = t.substr(auth_begin, auth_end - auth_begin);
    t = t.substr(auth_end);
    if (t.empty() || t.front() != '/') {
      out.path = "/";
      std::size_t q = t.find('?');
      out.query = q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
      return;
    }
  } else if (out.target_form != TargetForm::origin) {
    out.path = {};
    out.query = {};
    return;
  }
  std::size_t q = t.find('?');
  if (q == std::string_view::npos) {
    out.path = t;
    out.query = {};
  } else {
    out.path = t.substr(0, q);
    out.query = t.substr(q + 1);
  }
}

bool is_absolute_form(std::string_view t) noexcept {
  // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://"
  if (t.empty() || !detail::is_alpha(t[0])) return false;
  std::size_t i = 1;
  while (i < t.size() && (detail::is_alpha(t[i]) || (t[i] >= '0' && t[i] <= '9') || t[i] == '+' ||
                          t[i] == '-' || t[i] == '.'))
    ++i;
  if (t.substr(i, 3) != "://") return false;
  // The authority becomes head.host, so it passes the Host field's checks;
  // userinfo and an empty host are refused (RFC 9110 §4.2.4, §4.2.1).
  std::string_view authority = t.substr(i + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  return !authority.empty() && valid_host(authority);
}

bool is_authority_form(std::string_view t) noexcept {
  std::size_t colon = t.rfind(':');
  // CONNECT has no default port (RFC 9110 §9.3.6): the colon must come after
  // any IP literal, not inside it.
  std::size_t bracket = t.rfind(']');
  if (bracket != std::string_view::npos && (colon == std::string_view::npos || colon < bracket))
    return false;
  return colon != std::string_view::npos && colon > 0 && colon + 1 < t.size() && valid_host(t);
}

// Semantic checks over the complete field list: framing, Host, Connection,
// Expect. These run once the whole head is present so that every field that
// bears on framing is seen before any decision is made.
Error interpret_fields(RequestHead& out, const Limits& limits) noexcept {
  bool have_cl = false, have_te = false, have_host = false;
  bool chunked_last = false, chunked_seen_twice = false, other_coding = false,
       connection_close = false, connection_keep_alive = false, connection_upgrade = false,
       have_upgrade_field = false;
  std::uint64_t cl = 0;
  bool chunked_seen = false;

  for (const Header& h : out.headers) {
    const std::string_view n = h.name;
    switch (n.size()) {
      case 4:
        if (text::iequals(n, "host")) {
          if (have_host) return Error::duplicate_host;
          have_host = true;
          if (!valid_host(h.value)) return Error::bad_host;
          if (out.target_form != TargetForm::absolute) out.host = h.value;
        }
        break;
      case 6:
        if (text::iequals(n, "expect")) {
          // RFC 9110 §10.1.1: ignored in HTTP/1.0, which must get no 1xx.
          if (text::iequals(h.value, "100-continue"))
            out.expect_continue = out.version_minor == 1;
          else
            return Error::expectation_failed;
        }
        break;
      case 7:
        if (text::iequals(n, "upgrade")) have_upgrade_field = true;
        break;
      case 10:
        if (text::iequals(n, "connection")) {
          for_each_list_element(h.value, [&](std::string_view e) {
            if (text::iequals(e, "close"))
              connection_close = true;
            else if (text::iequals(e, "keep-alive"))
              connection_keep_alive = true;
            else if (text::iequals(e, "upgrade"))
              connection_upgrade = true;
            return true;
          });
        }
        break;
      case 14:
        if (text::iequals(n, "content-length")) {
          // RFC 9112 §6.3: a list of identical values may be taken as one;
          // anything else is an unrecoverable framing error.
          std::size_t elements = 0;
          bool malformed = false, conflicting = false;
          for_each_list_element(h.value, [&](std::string_view e) {
            std::uint64_t v = 0;
            ++elements;
            if (!parse_decimal(e, v)) return malformed = true, false;
            if (have_cl && v != cl) conflicting = true;
            have_cl = true;
            cl = v;
            return true;
          });
          if (malformed || elements == 0) return Error::bad_content_length;
          if (conflicting) return Error::conflicting_content_length;
        }
        break;
      case 17:
        if (text::iequals(n, "transfer-encoding")) {
          have_te = true;
          std::size_t elements = 0;
          for_each_list_element(h.value, [&](std::string_view e) {
            ++elements;
            if (text::iequals(e, "chunked")) {
              if (chunked_seen) chunked_seen_twice = true;
              chunked_seen = true;
              chunked_last = true;
            } else {
              chunked_last = false;
              // Known codings are well-formed but not implemented (501), as
              // is anything unknown, parameters included.
              other_coding = true;
            }
            return true;
          });
          if (elements == 0) return Error::chunked_not_final;  // an empty list frames nothing
        }
        break;
      default: break;
    }
  }

  if (out.version_minor == 1 && !have_host) return Error::missing_host;

  if (have_te) {
    if (out.version_minor == 0) return Error::transfer_encoding_in_http10;
    if (have_cl) return Error::content_length_with_chunked;
    // Framing is decided by the final coding: not chunked → the length is
    // unknowable → 400 (RFC 9112 §6.3). Chunked last with other codings before
    // it is well-formed, but Spur decodes no coding other than chunked → 501.
    if (!chunked_last || chunked_seen_twice) return Error::chunked_not_final;
    if (other_coding) return Error::unknown_transfer_coding;
    out.framing = BodyFraming::chunked;
  } else if (have_cl) {
    if (cl > limits.max_body_bytes) return Error::body_too_large;
    out.content_length = cl;
    out.framing = cl > 0 ? BodyFraming::content_length : BodyFraming::none;
  }

  if (out.version_minor == 1)
    out.keep_alive = !connection_close;
  else
    out.keep_alive = connection_keep_alive && !connection_close;
  out.upgrade = connection_upgrade && have_upgrade_field;
  return Error{};
}

}  // namespace

ParseResult parse_request_head(std::string_view in, const Limits& limits, RequestHead& out,
                               std::span<Header> storage) noexcept {
  Cursor c{in.data(), in.data() + in.size()};
  ParseResult res;

  // RFC 9112 §2.2: ignore at least one empty line before the request line.
  // A bounded number keeps a stream of CRLFs from being free to send.
  for (int i = 0; i < 8 && c.left() >= 1 && *c.p == '\r'; ++i) {
    if (c.left() < 2) return incomplete();
    if (c.p[1] != '\n') return fail(Error::bad_line_ending);
    c.p += 2;
  }
  const char* const head_begin = c.p;
  const std::size_t head_limit = limits.max_header_bytes;
  auto over_head_limit = [&](const char* p) {
    return static_cast<std::size_t>(p - head_begin) > head_limit;
  };

  // method SP
  const char* m = c.p;
  while (!c.at_end() && is_tchar(*c.p)) {
    ++c.p;
    if (static_cast<std::size_t>(c.p - m) > max_method_length) return fail(Error::method_too_long);
  }
  if (c.at_end()) return incomplete();
  if (c.p == m || *c.p != ' ') return fail(Error::bad_request_line);
  out.method_token = {m, static_cast<std::size_t>(c.p - m)};
  out.method = method_from_token(out.method_token);
  // A method no registry knows is refused here, before any handler (a Pages
  // handler answers every method it is given), as Node's parser does.
  if (out.method == Method::other && !is_registered_method(out.method_token))
    return fail(Error::unknown_method);
  ++c.p;

  // request-target SP. Only visible ASCII; anything else is a 400 here so that
  // no later stage has to wonder what a raw space or control byte means.
  // The length limit applies to the target's own bytes, up to the first byte
  // that cannot be in it, so the answer does not depend on what follows.
  const char* t = c.p;
  auto visible = [](char ch) {
    return static_cast<unsigned char>(ch) > 0x20 && static_cast<unsigned char>(ch) < 0x7f;
  };
  const char* t_end = t;
  while (t_end != c.end && visible(*t_end)) ++t_end;
  if (static_cast<std::size_t>(t_end - t) > limits.max_target_bytes)
    return fail(Error::target_too_long);
  if (t_end == c.end) return incomplete();
  if (*t_end != ' ')
    return (*t_end == '\r' || *t_end == '\n') ? fail(Error::bad_request_line)
                                              : fail(Error::bad_target);
  if (t_end == t) return fail(Error::bad_request_line);
  out.target = {t, static_cast<std::size_t>(t_end - t)};
  c.p = t_end + 1;

  if (out.target[0] == '/') {
    out.target_form = TargetForm::origin;
  } else if (out.target == "*") {
    if (out.method != Method::options) return fail(Error::bad_target);
    out.target_form = TargetForm::asterisk;
  } else if (out.method == Method::connect) {
    if (!is_authority_form(out.target)) return fail(Error::bad_target);
    out.target_form = TargetForm::authority;
  } else if (is_absolute_form(out.target)) {
    out.target_form = TargetForm::absolute;
  } else {
    return fail(Error::bad_target);
  }
  if (out.method == Method::connect && out.target_form != TargetForm::authority)
    return fail(Error::bad_target);

  // HTTP-version CRLF: "HTTP/" DIGIT "." DIGIT
  if (c.left() < 8) {
    constexpr std::string_view prefix = "HTTP/";
    std::string_view have{c.p, std::min(c.left(), prefix.size())};
    if (prefix.substr(0, have.size()) != have) return fail(Error::bad_version);
    if (c.left() > 5 && !(c.p[5] >= '0' && c.p[5] <= '9')) return fail(Error::bad_version);
    if (c.left() > 6 && c.p[6] != '.') return fail(Error::bad_version);
    if (c.left() > 7 && !(c.p[7] >= '0' && c.p[7] <= '9')) return fail(Error::bad_version);
    return incomplete();
  }
  if (std::memcmp(c.p, "HTTP/", 5) != 0 || !(c.p[5] >= '0' && c.p[5] <= '9') || c.p[6] != '.' ||
      !(c.p[7] >= '0' && c.p[7] <= '9'))
    return fail(Error::bad_version);
  if (c.p[5] != '1' || (c.p[7] != '0' && c.p[7] != '1')) return fail(Error::version_not_supported);
  out.version_minor = c.p[7] - '0';
  c.p += 8;
  if (!expect_crlf(c, res)) {
    if (res.status == ParseStatus::error)
      res.error = res.error == Error::bad_request_line ? Error::bad_version : res.error;
    return res;
  }

  // *( field-line CRLF ) CRLF
  std::size_t count = 0;
  for (;;) {
    if (over_head_limit(c.p)) return fail(Error::header_section_too_large);
    if (c.at_end()) return incomplete();
    if (*c.p == '\r') {
      if (c.left() < 2) return incomplete();
      if (c.p[1] != '\n') return fail(Error::bad_line_ending);
      c.p += 2;
      break;
    }
    if (*c.p == '\n') return fail(Error::bad_line_ending);
    if (*c.p == ' ' || *c.p == '\t')
      return fail(count == 0 ? Error::bad_header_name : Error::obs_fold);

    // field-name ":"
    const char* n = c.p;
    while (!c.at_end() && is_tchar(*c.p)) ++c.p;
    // Over the limit is the answer wherever the scan stopped, so that it does
    // not depend on how much of the line has arrived.
    if (over_head_limit(c.p)) return fail(Error::header_section_too_large);
    if (c.at_end()) return incomplete();
    if (*c.p != ':') {
      if (*c.p == ' ' || *c.p == '\t')
        return fail(c.p == n ? Error::bad_header_name : Error::space_before_colon);
      return fail(Error::bad_header_name);
    }
    if (c.p == n) return fail(Error::bad_header_name);
    std::string_view name{n, static_cast<std::size_t>(c.p - n)};
    ++c.p;

    // OWS field-value OWS
    while (!c.at_end() && (*c.p == ' ' || *c.p == '\t')) ++c.p;
    const char* v = c.p;
    while (!c.at_end() && is_field_vchar(*c.p)) ++c.p;
    if (over_head_limit(c.p)) return fail(Error::header_section_too_large);
    if (c.at_end()) return incomplete();
    if (*c.p != '\r') return fail(*c.p == '\n' ? Error::bad_line_ending : Error::bad_header_value);
    const char* v_end = c.p;
    while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t')) --v_end;
    if (c.left() < 2) return incomplete();
    if (c.p[1] != '\n') return fail(Error::bad_line_ending);
    c.p += 2;

    if (count == limits.max_header_count || count == storage.size())
      return fail(Error::too_many_headers);
    storage[count++] = Header{name, {v, static_cast<std::size_t>(v_end - v)}};
  }
  if (over_head_limit(c.p)) return fail(Error::header_section_too_large);

  out.headers = storage.first(count);
  out.host = {};
  out.framing = BodyFraming::none;
  out.content_length = 0;
  out.expect_continue = false;
  out.upgrade = false;
  split_target(out);
  if (Error e = interpret_fields(out, limits); e != Error{}) return fail(e);
  return {ParseStatus::complete, static_cast<std::size_t>(c.p - in.data()), {}};
}

}  // namespace spur::http
