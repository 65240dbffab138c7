#include "payload.hpp"

#include <boost/json/parse.hpp>

#include "spur/core/http_error.hpp"

namespace spur::webhooks::detail {

boost::json::value parse_payload(std::string_view body) {
  if (body.empty()) return nullptr;
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(body, error);
  if (error) throw HttpError(400, "The webhook's payload is not JSON");
  return value;
}

}  // namespace spur::webhooks::detail
