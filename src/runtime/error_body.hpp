#pragma once
// The uniform JSON shape of error answers: {"error": "<message>"}.
#include <string>
#include <string_view>

namespace spur::detail {

// `{"error":"<message>"}` with the message JSON-escaped.
std::string error_body(std::string_view message);

}  // namespace spur::detail
