// The small public pieces: FetchError, FetchOptions::json, FetchResponse.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "spur/fetch/fetch_error.hpp"
#include "spur/fetch/fetch_options.hpp"
#include "spur/fetch/fetch_response.hpp"
#include "spur/text/ascii.hpp"

namespace spur {

FetchError::FetchError(Kind kind, const std::string& message)
    : HttpError(kind == Kind::timeout ? 504 : 502, message), kind_(kind) {}

FetchOptions& FetchOptions::json(const boost::json::value& value) {
  body = boost::json::serialize(value);
  std::erase_if(headers, [](const auto& h) { return text::iequals(h.first, "content-type"); });
  headers.emplace_back("Content-Type", "application/json");
  return *this;
}

std::optional<std::string_view> FetchResponse::header(std::string_view name) const noexcept {
  for (const auto& [n, v] : headers)
    if (text::iequals(n, name)) return v;
  return std::nullopt;
}

boost::json::value FetchResponse::json() const {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body_, ec);
  if (ec) throw FetchError(FetchError::Kind::protocol, url + " answered a body that is not JSON");
  return v;
}

void FetchResponse::throw_mismatch(std::string_view what) const {
  throw FetchError(FetchError::Kind::protocol,
                   url + " answered an unexpected body: " + std::string(what));
}

}  // namespace spur
