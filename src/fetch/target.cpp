#include "target.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <charconv>

namespace spur::fetch_detail {
namespace {

std::optional<Target> from_url(const boost::urls::url_view& u) {
  Target t;
  if (u.scheme() == "https")
    t.tls = true;
  else if (u.scheme() != "http")
    return std::nullopt;
  if (!u.has_authority() || u.host().empty() || u.has_userinfo()) return std::nullopt;
  t.host = u.host_type() == boost::urls::host_type::ipv6 ? std::string(u.encoded_host_address())
                                                         : std::string(u.encoded_host());
  t.port = t.tls ? 443 : 80;
  if (u.has_port()) {
    const std::string_view p = u.port();
    unsigned value = 0;
    const auto [end, error] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (error != std::errc() || end != p.data() + p.size() || value == 0 || value > 65535)
      return std::nullopt;
    t.port = static_cast<std::uint16_t>(value);
  }
  t.path_and_query = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
  // Appended piece by piece: GCC 12 warns (wrongly) on "literal" + string.
  if (u.has_query()) t.path_and_query.append("?").append(u.encoded_query());
  t.url.append(u.scheme()).append("://").append(t.host_header()).append(t.path_and_query);
  return t;
}

}  // namespace

std::string Target::origin() const {
  std::string o(tls ? "https://" : "http://");
  o.append(host).append(":").append(std::to_string(port));
  return o;
}

std::string Target::host_header() const {
  std::string h;
  if (host.find(':') != std::string::npos)
    h.append("[").append(host).append("]");
  else
    h = host;
  if (port != (tls ? 443 : 80)) h.append(":").append(std::to_string(port));
  return h;
}

std::optional<Target> parse_target(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  boost::urls::url u(*parsed);
  u.normalize_scheme();
  u.remove_fragment();
  return from_url(u);
}

std::optional<Target> resolve_location(const Target& base, std::string_view location) {
  auto ref = boost::urls::parse_uri_reference(location);
  if (!ref) return std::nullopt;
  boost::urls::url resolved;
  const auto base_url = boost::urls::parse_uri(base.url);
  if (!base_url) return std::nullopt;
  if (!boost::urls::resolve(*base_url, *ref, resolved)) return std::nullopt;
  resolved.remove_fragment();
  return from_url(resolved);
}

}  // namespace spur::fetch_detail
