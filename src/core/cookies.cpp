#include "spur/core/cookies.hpp"

#include <stdexcept>

#include "spur/core/cookie_signing.hpp"
#include "spur/http/char_class.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/http_date.hpp"
#include "spur/text/percent.hpp"

namespace spur {
namespace {

// What encodeURIComponent leaves alone, which is how Next.js writes cookie
// values; all of it is also a valid cookie-octet (RFC 6265 §4.1.1).
bool kept_unencoded(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '!' || c == '~' || c == '*' || c == '\'' || c == '(' ||
         c == ')';
}

}  // namespace

RequestCookies::RequestCookies(std::string_view header, std::span<const std::string> secrets,
                               std::string_view missing, detail::UnboundSignatures unbound)
    : secrets_(secrets), missing_(missing), unbound_(unbound) {
  // Browsers send `a=1; b=2`; be lenient about spaces, empty parts and parts
  // without '=' (RFC 6265 §5.4 leaves those to the server).
  while (!header.empty()) {
    std::size_t semi = header.find(';');
    std::string_view part = text::trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    std::size_t eq = part.find('=');
    if (part.empty() || eq == std::string_view::npos) continue;
    std::string_view name = text::trim(part.substr(0, eq));
    std::string_view raw = text::trim(part.substr(eq + 1));
    if (name.empty()) continue;
    // Values are percent-decoded as Next.js does; one that does not decode
    // stays as sent.
    std::optional<std::string> decoded = text::decode_uri_component(raw);
    entries_.emplace_back(std::string(name), decoded ? std::move(*decoded) : std::string(raw));
  }
}

std::optional<std::string_view> RequestCookies::get(std::string_view name) const noexcept {
  for (const Entry& e : entries_)
    if (e.first == name) return e.second;  // the first of duplicates wins
  return std::nullopt;
}

std::optional<std::string> RequestCookies::get_signed(std::string_view name) const {
  std::optional<std::string_view> value = get(name);
  if (!value) return std::nullopt;
  if (secrets_.empty())
    throw detail::MissingCookieSecret(
        std::string(missing_.empty() ? detail::cookie_secrets_missing : missing_));
  return detail::verify_value(name, *value, secrets_, unbound_);
}

std::string serialize_set_cookie(std::string_view name, std::string_view value,
                                 const CookieOptions& o) {
  if (name.empty()) throw std::invalid_argument("cookie name is empty");
  for (char c : name)
    if (!http::detail::is_tchar(c))
      throw std::invalid_argument("cookie name is not a token: " + std::string(name));
  auto attribute_safe = [](std::string_view v, const char* what) {
    for (char c : v)
      if (c == ';' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        throw std::invalid_argument(std::string("cookie ") + what +
                                    " contains ';' or a control character");
  };
  attribute_safe(o.path, "path");
  attribute_safe(o.domain, "domain");

  std::string out(name);
  out += '=';
  static constexpr char hex[] = "0123456789ABCDEF";
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if (kept_unencoded(c)) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (!o.path.empty()) out += "; Path=" + o.path;
  if (o.expires)
    out += "; Expires=" + text::format_http_date(std::chrono::duration_cast<std::chrono::seconds>(
                                                     o.expires->time_since_epoch())
                                                     .count());
  if (o.max_age) out += "; Max-Age=" + std::to_string(*o.max_age);
  if (!o.domain.empty()) out += "; Domain=" + o.domain;
  if (o.secure) out += "; Secure";
  if (o.http_only) out += "; HttpOnly";
  switch (o.same_site) {
    case SameSite::strict: out += "; SameSite=Strict"; break;
    case SameSite::lax: out += "; SameSite=Lax"; break;
    case SameSite::none: out += "; SameSite=None"; break;
    case SameSite::unset: break;
  }
  if (o.partitioned) out += "; Partitioned";
  return out;
}

}  // namespace spur
