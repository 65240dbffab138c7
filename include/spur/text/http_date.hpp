#pragma once
// HTTP dates (RFC 9110 §5.6.7). The IMF-fixdate for the Date header is
// formatted at most once a second per thread: a response pays for a clock
// read, not for strftime.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spur::text {

// Valid until this thread's next call.
std::string_view http_date_now() noexcept;

// `unix_seconds` as an IMF-fixdate, e.g. 784111777 → "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::int64_t unix_seconds);

// An IMF-fixdate as seconds since the epoch; nullopt for anything else (the
// obsolete RFC 850 and asctime forms included), with no dependence on the
// locale. Example: parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777.
std::optional<std::int64_t> parse_http_date(std::string_view text) noexcept;

}  // namespace spur::text
