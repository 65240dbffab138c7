#pragma once
// What an app shares with every request it handles, owned by the App and
// reached through the Request (Request::log(), cookie signatures, the error
// answers): the logger, the cookie secrets, how errors look, and whether this
// is development. A Request made outside an App has none: it logs to
// default_logger() and answers errors in the default shape.
#include <span>
#include <string>
#include <string_view>

#include "spur/core/cookie_signing.hpp"

namespace spur {

class Logger;
struct ErrorFormat;

namespace detail {

struct Services {
  Logger* log = nullptr;                // null: default_logger()
  const ErrorFormat* errors = nullptr;  // null: {"error": message}
  // Development (`spur dev`): a 500 carries the exception's message and route
  // file. Never in production, where internal messages stay in the log.
  bool dev = false;
  // Cookie secrets, the first signing and every one verifying; empty when the
  // app has none, `cookie_secrets_missing` then says how to provide them.
  std::span<const std::string> cookie_secrets;
  std::string_view cookie_secrets_missing;
  // Origins the app trusts beside its own (its Cors list): WebSocket
  // handshakes from them are allowed by default.
  std::span<const std::string> trusted_origins;
  // Whether signatures made before cookie names were signed still verify.
  UnboundSignatures cookie_unbound_signatures = UnboundSignatures::refuse;
};

}  // namespace detail
}  // namespace spur
