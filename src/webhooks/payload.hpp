#pragma once
#include <boost/json/value.hpp>
#include <string_view>

namespace spur::webhooks::detail {

// A verified body as JSON: null when empty; HttpError(400) when it is not
// JSON (the signature was right, so the sender is told what is wrong).
boost::json::value parse_payload(std::string_view body);

}  // namespace spur::webhooks::detail
