#include "spur/core/json.hpp"

#include <boost/json/parse.hpp>

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

}  // namespace spur
