#include "forward_proxy.hpp"

#include <openssl/evp.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cstdlib>

#include "spur/fetch/fetch_error.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/list.hpp"

namespace spur::fetch_detail {
namespace {

std::string env_value(const char* lower, const char* upper) {
  if (const char* v = std::getenv(lower); v != nullptr && *v != '\0') return v;
  if (upper != nullptr)
    if (const char* v = std::getenv(upper); v != nullptr && *v != '\0') return v;
  return {};
}

// Read once: .env files are loaded before the workers start.
struct ProxyEnvironment {
  std::string http = env_value("http_proxy", nullptr);
  std::string https = env_value("https_proxy", "HTTPS_PROXY");
  std::string no_proxy = env_value("no_proxy", "NO_PROXY");
};

const ProxyEnvironment& environment() {
  static const ProxyEnvironment env;
  return env;
}

std::string basic_credentials(const std::string& user_and_password) {
  std::string out(4 * ((user_and_password.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(user_and_password.data()),
                                static_cast<int>(user_and_password.size()));
  out.resize(static_cast<std::size_t>(n));
  return "Basic " + out;
}

ForwardProxy parse_proxy(const std::string& text) {
  // "host:port" alone means http://host:port, as curl reads it.
  const std::string url = text.find("://") == std::string::npos ? "http://" + text : text;
  const auto parsed = boost::urls::parse_uri(url);
  const auto fail = [&] {
    return FetchError(FetchError::Kind::invalid_url,
                      "the proxy " + text + " is not an http://[user:password@]host:port URL");
  };
  if (!parsed || parsed->scheme() != "http") throw fail();
  boost::urls::url without_userinfo(*parsed);
  without_userinfo.remove_userinfo();
  std::optional<Target> proxy = parse_target(without_userinfo.buffer());
  if (!proxy) throw fail();
  ForwardProxy out{std::move(*proxy), {}};
  if (parsed->has_userinfo())
    out.authorization = basic_credentials(std::string(parsed->user()) + ":" + parsed->password());
  return out;
}

bool in_network(std::string_view cidr, const boost::asio::ip::address& address) {
  boost::system::error_code ec;
  if (address.is_v4()) {
    const auto net = boost::asio::ip::make_network_v4(cidr, ec);
    return !ec && net.canonical() ==
                      boost::asio::ip::network_v4(address.to_v4(), net.prefix_length()).canonical();
  }
  const auto net = boost::asio::ip::make_network_v6(cidr, ec);
  return !ec && net.canonical() ==
                    boost::asio::ip::network_v6(address.to_v6(), net.prefix_length()).canonical();
}

bool entry_matches(std::string_view entry, std::string_view host) {
  if (entry == "*") return true;
  if (entry.find('/') != std::string_view::npos) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    return !ec && in_network(entry, address);
  }
  if (entry.starts_with('[')) {  // [::1]:port
    const std::size_t close = entry.find(']');
    entry = entry.substr(1, close == std::string_view::npos ? entry.size() : close - 1);
  } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
    entry = entry.substr(0, entry.find(':'));
  }
  if (entry.starts_with('.')) entry.remove_prefix(1);
  if (entry.empty()) return false;
  if (text::iequals(entry, host)) return true;
  return host.size() > entry.size() && host[host.size() - entry.size() - 1] == '.' &&
         text::iequals(host.substr(host.size() - entry.size()), entry);
}

}  // namespace

bool no_proxy_matches(std::string_view list, std::string_view host) {
  return !text::for_each_list_element(
      list, [host](std::string_view entry) { return !entry_matches(entry, host); });
}

std::optional<ForwardProxy> proxy_for(const Target& target,
                                      const std::optional<std::string>& configured) {
  if (configured) {
    if (configured->empty()) return std::nullopt;
    return parse_proxy(*configured);
  }
  const ProxyEnvironment& env = environment();
  const std::string& proxy = target.tls ? env.https : env.http;
  if (proxy.empty() || no_proxy_matches(env.no_proxy, target.host)) return std::nullopt;
  return parse_proxy(proxy);
}

}  // namespace spur::fetch_detail
