#pragma once
// AppConfig::request_id: the X-Request-Id a request carries through the app.
#include <string>
#include <string_view>

namespace spur::detail {

// The client's id when it is sane (1–128 characters of letters, digits and
// "-_.:"), so ids propagate across services; otherwise a new random one.
std::string request_id_for(std::string_view sent);

// A random UUID (version 4) from a per-thread generator.
std::string new_request_id();

}  // namespace spur::detail
