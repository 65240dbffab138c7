#pragma once
// Content negotiation over Accept-style headers (RFC 9110 §12.5): a comma
// list of values, each with an optional weight `;q=0.5` (default 1).
#include <string_view>

namespace spur::detail {

// The weight `accept` (an Accept header) gives `type` ("text/html"): that of
// the most specific matching range (type/subtype, then type/*, then */*), or
// 0 when none matches. An empty header accepts everything (weight 1).
double media_quality(std::string_view accept, std::string_view type);

// The weight an Accept-Encoding header gives `coding` ("gzip"): its own entry,
// else `*`'s, else 0 ("identity" is 1 unless refused). An empty header: 0 for
// every coding but identity.
double coding_quality(std::string_view accept_encoding, std::string_view coding);

}  // namespace spur::detail
