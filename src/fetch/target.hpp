#pragma once
// Where a call goes: scheme, host, port and request-target of an http(s)
// URL, and the one place relative redirects are resolved.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spur::fetch_detail {

struct Target {
  bool tls = false;
  std::string host;  // without brackets for IPv6
  std::uint16_t port = 0;
  std::string path_and_query;  // "/users/7?x=1"
  std::string url;             // the whole URL, normalized

  // "https://api.example:443": what a pooled connection may be reused for.
  std::string origin() const;
  // The Host header: the port only when it is not the scheme's default.
  std::string host_header() const;
};

// nullopt when `url` is not an absolute http or https URL with a host.
std::optional<Target> parse_target(std::string_view url);
// `location` (absolute, or relative to `base`) as a Target.
std::optional<Target> resolve_location(const Target& base, std::string_view location);

}  // namespace spur::fetch_detail
