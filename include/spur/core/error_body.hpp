#pragma once
// The uniform JSON shape of error answers: {"error": "<message>"}.
#include <string>
#include <string_view>

#include "spur/core/error_format.hpp"

namespace spur::detail {

// `{"error":"<message>"}` with the message JSON-escaped.
std::string error_body(std::string_view message);

// The app's configured shape (AppConfig::errors): `{"<key>":"<message>"}`
// plus "status" and "requestId" when asked for.
std::string error_body(std::string_view message, const ErrorFormat& format, int status,
                       std::string_view request_id);

}  // namespace spur::detail
