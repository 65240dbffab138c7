#pragma once
// JSON text exactly as JavaScript's JSON.stringify writes it, so res.json()
// answers byte for byte what Next.js answers (and so carries the same ETag),
// and Response::json() writes what NextResponse.json() would.
// boost::json::serialize differs on numbers: it writes 1.5 as "1.5E0" and 100.0
// as "1E2", where JavaScript writes "1.5" and "100".
#include <boost/json/value.hpp>
#include <string>

namespace spur::detail {

// Compact JSON: no spaces; object members in insertion order; strings escaped
// as JSON.stringify does (\" \\ \b \f \n \r \t, other controls as \u00XX, all
// else raw UTF-8, invalid UTF-8 as U+FFFD); doubles in JavaScript's shortest
// form (0.1, 100, 1e+21, 1e-7), NaN and infinities as null; 64-bit integers
// exactly.
void stringify(const boost::json::value& value, std::string& out);
std::string stringify(const boost::json::value& value);

// A double as JavaScript's Number#toString writes it.
void append_js_number(std::string& out, double d);

}  // namespace spur::detail
