// The issues req.json<T>() notes as it decodes (json.hpp): apart from the
// request, so that the decoder and its rules can be fuzzed alone.
#include <cmath>
#include <string>

#include "spur/core/json.hpp"

namespace spur {
namespace detail {

void note_json_mismatch(Issues& issues, const JsonPath& path, std::string_view expected) {
  if (!path.parent)
    issues.add_root("invalid_type", "expected " + std::string(expected));
  else
    issues.add(path, "invalid_type", "must be " + std::string(expected));
}

void note_json_missing(Issues& issues, const JsonPath& path) {
  issues.add(path, "required", "is required");
}

void note_json_integer_mismatch(Issues& issues, const JsonPath& path, const boost::json::value& v,
                                std::int64_t min, std::uint64_t max) {
  // A whole number that does not fit is told the range; anything else is
  // simply not an integer.
  bool whole = v.is_int64() || v.is_uint64() ||
               (v.is_double() && std::trunc(v.get_double()) == v.get_double());
  if (!whole) return note_json_mismatch(issues, path, "an integer");
  note_json_mismatch(issues, path,
                     "an integer from " + std::to_string(min) + " to " + std::to_string(max));
}

void note_json_not_one_of(Issues& issues, const JsonPath& path,
                          std::span<const std::string_view> names) {
  std::string expected = "one of ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) expected += ", ";
    expected += '\'';
    expected += names[i];
    expected += '\'';
  }
  if (!path.parent)
    issues.add_root("invalid_value", "expected " + expected);
  else
    issues.add(path, "invalid_value", "must be " + expected);
}

void note_json_unknown_key(Issues& issues, const JsonPath& path) {
  issues.add(path, "unrecognized_keys", "is not a known field");
}

}  // namespace detail
}  // namespace spur
