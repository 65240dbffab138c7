#pragma once
// The forward proxy a call goes through, as curl and most HTTP clients pick
// it: FetchOptions::proxy when set, else `http_proxy` for http URLs and
// `https_proxy` (or HTTPS_PROXY) for https URLs, unless `no_proxy` (or
// NO_PROXY) names the host. HTTP_PROXY in capitals is ignored: CGI servers
// set it from a request's Proxy header ("httpoxy"). An https URL goes
// through a CONNECT tunnel (TLS end to end); an http URL is sent to the
// proxy in absolute form.
#include <optional>
#include <string>
#include <string_view>

#include "target.hpp"

namespace spur::fetch_detail {

struct ForwardProxy {
  Target proxy;               // an http:// proxy (its path unused)
  std::string authorization;  // "Basic …" from the proxy URL's user:password, or ""
};

// Throws FetchError(invalid_url) when the proxy URL is not http://host:port.
std::optional<ForwardProxy> proxy_for(const Target& target,
                                      const std::optional<std::string>& configured);

// Whether a no_proxy list names `host`: "*", a name (matching it and its
// subdomains, with or without a leading dot), an IP address or a CIDR
// range; ports in entries are ignored.
bool no_proxy_matches(std::string_view list, std::string_view host);

}  // namespace spur::fetch_detail
