#include "spur/core/json.hpp"

#include <boost/json/parse.hpp>
#include <cmath>
#include <vector>

#include "spur/core/http_error.hpp"
#include "spur/core/json_stringify.hpp"
#include "spur/core/large_body.hpp"

namespace spur {

boost::json::value Request::json() const {
  if (parsed_ && parsed_->invalid_json) throw HttpError(400, "Invalid JSON");
  if (parsed_ && parsed_->json) {  // parsed off the loop: the first call takes it
    boost::json::value v = std::move(*parsed_->json);
    parsed_->json.reset();
    return v;
  }
  std::string_view text = body_;
  // Fetch's body.json() decodes UTF-8 first, which drops a byte order mark.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) throw HttpError(400, "Invalid JSON");
  return v;
}

Response Response::json(const boost::json::value& value, int status) {
  return json_text(detail::stringify(value), status);
}

namespace detail {
namespace {

// "meta.scores[0].value"; empty for the whole body.
std::string to_string(const JsonPath& path) {
  std::vector<const JsonPath*> frames;
  for (const JsonPath* p = &path; p->parent; p = p->parent) frames.push_back(p);
  std::string out;
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
    const JsonPath& frame = **it;
    if (frame.is_index) {
      out += '[';
      out += std::to_string(frame.index);
      out += ']';
    } else {
      if (!out.empty()) out += '.';
      out += frame.key;
    }
  }
  return out;
}

}  // namespace

void throw_json_mismatch(const JsonPath& path, std::string_view expected) {
  if (!path.parent) throw HttpError(400, "Invalid body: expected " + std::string(expected));
  throw HttpError(400, "Invalid body: '" + to_string(path) + "' must be " + std::string(expected));
}

void throw_json_missing(const JsonPath& path) {
  throw HttpError(400, "Invalid body: '" + to_string(path) + "' is required");
}

void throw_json_integer_mismatch(const JsonPath& path, const boost::json::value& v,
                                 std::int64_t min, std::uint64_t max) {
  // A whole number that does not fit is told the range; anything else is
  // simply not an integer.
  bool whole = v.is_int64() || v.is_uint64() ||
               (v.is_double() && std::trunc(v.get_double()) == v.get_double());
  if (!whole) throw_json_mismatch(path, "an integer");
  throw_json_mismatch(path,
                      "an integer from " + std::to_string(min) + " to " + std::to_string(max));
}

void throw_json_not_one_of(const JsonPath& path, std::span<const std::string_view> names) {
  std::string expected = "one of ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) expected += ", ";
    expected += '\'';
    expected += names[i];
    expected += '\'';
  }
  throw_json_mismatch(path, expected);
}

}  // namespace detail
}  // namespace spur
