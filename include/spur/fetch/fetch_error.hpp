#pragma once
// A call that got no usable response: answered 502 (504 for a timeout) when
// a handler lets it escape, naming the upstream's host.
#include <string>

#include "spur/core/http_error.hpp"

namespace spur {

class FetchError : public HttpError {
 public:
  enum class Kind {
    resolve,      // the name did not resolve
    connect,      // refused, unreachable
    tls,          // handshake or certificate refused
    timeout,      // connect_timeout, read_timeout or timeout passed
    protocol,     // not HTTP/1.1, a malformed response, a closed connection
    too_large,    // more than max_response_bytes
    redirect,     // too many, https → http, or Redirect::error
    cancelled,    // the inbound client went away
    invalid_url,  // not http(s)://host…
    forbidden,    // a non-public address, with refuse_private_addresses
  };
  FetchError(Kind kind, const std::string& message);
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

}  // namespace spur
