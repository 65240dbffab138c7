#pragma once
// How one outbound call is made: spur::fetch(url, FetchOptions{...}).
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace boost::json {
class value;
}

namespace spur {

enum class Redirect { follow, manual, error };

struct FetchOptions {
  std::string method = "GET";
  // Request headers in order. Host, Content-Length, Connection and
  // Accept-Encoding are the client's own.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // Connecting (resolution, TCP and the TLS handshake) must finish within
  // connect_timeout; the server must send something every read_timeout; the
  // whole call, redirects included, must end within timeout.
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds timeout{60'000};

  // follow: up to max_redirects, never from https to http; Authorization,
  // Cookie, Proxy-Authorization and sensitive_headers are dropped when the
  // origin changes; 303 (and 301/302 of a POST) become a GET without body.
  // manual: the 3xx is returned. error: a 3xx is a FetchError.
  Redirect redirect = Redirect::follow;
  int max_redirects = 20;
  std::vector<std::string> sensitive_headers;

  // Opt-in retries for idempotent methods (GET, HEAD, OPTIONS, PUT,
  // DELETE): up to `retries` more attempts after a refused or failed
  // connection, a read timeout, or a 429, 502, 503 or 504 answer, waiting
  // what Retry-After says (seconds or a date) or else 100 ms, doubling. A
  // Retry-After longer than max_retry_wait ends the retries: that answer
  // is returned. All within `timeout`.
  int retries = 0;
  std::chrono::milliseconds max_retry_wait{10'000};

  // A response body larger than this (after decompression) fails the call.
  std::size_t max_response_bytes = 64 * 1024 * 1024;
  // gzip, deflate and br are asked for and decoded.
  bool decompress = true;
  // The response body is read as it arrives, with FetchResponse::read(),
  // instead of whole before the call returns; it is not decoded (and
  // Accept-Encoding is not added), max_response_bytes does not apply, and
  // `timeout` bounds the call until the response head.
  bool stream_body = false;

  // TLS: the system's CA store verifies the server unless ca_file is set; a
  // client certificate (PEM) for servers that ask for one.
  std::string ca_file;
  std::string client_certificate_file;
  std::string client_key_file;

  // The forward proxy: nullopt takes it from the environment (http_proxy
  // for http URLs, https_proxy or HTTPS_PROXY for https URLs, unless
  // no_proxy or NO_PROXY names the host: "*", names matching subdomains,
  // addresses, CIDR ranges); "" goes direct; else
  // "http://[user:password@]host:port". https goes through a CONNECT tunnel.
  std::optional<std::string> proxy;

  // A guard against server-side request forgery, for URLs that come from
  // users (a webhook target, an image to fetch): the call is refused when
  // the host resolves to a loopback, private, link-local or other
  // non-public address (checked on the addresses then connected to, and
  // again on every redirect; through a proxy, on the addresses the name
  // resolves to here).
  bool refuse_private_addresses = false;

  // By default a call is abandoned when the client of the request that made
  // it goes away (nobody would get the answer); true keeps it running.
  bool must_finish = false;

  // Sets the body to `value` as JSON and Content-Type to application/json.
  FetchOptions& json(const boost::json::value& value);
  FetchOptions& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace spur
