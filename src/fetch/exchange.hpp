#pragma once
// One request and its response over a connection: HTTP/1.1 with Beast, each
// read bounded by read_timeout, the body by max_response_bytes.
#include <boost/asio/awaitable.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "connection.hpp"
#include "redirect.hpp"
#include "spur/fetch/fetch_options.hpp"
#include "target.hpp"

namespace spur::fetch_detail {

struct Exchanged {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;         // as sent (still encoded)
  bool keep_alive = false;  // the connection may carry another request
};

// A reused connection that the server had closed: nothing was answered, so
// an idempotent request may be sent again on a new one.
struct StaleConnection : std::runtime_error {
  using std::runtime_error::runtime_error;
};

boost::asio::awaitable<Exchanged> exchange(Connection& connection, const Target& target,
                                           const NextRequest& request, const FetchOptions& options);

}  // namespace spur::fetch_detail
