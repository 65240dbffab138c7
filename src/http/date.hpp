#pragma once
// The IMF-fixdate for the Date header (RFC 9110 §5.6.7), formatted at most once
// a second per thread: a response pays for a clock read, not for strftime.
#include <string_view>

namespace spur::http {

// Valid until this thread's next call.
std::string_view http_date_now() noexcept;

}  // namespace spur::http
