#include "spur/core/search_params.hpp"

#include "spur/core/http_error.hpp"
#include "spur/text/percent.hpp"

namespace spur {

SearchParams::SearchParams(std::string_view urlencoded)
    : entries_(text::parse_urlencoded(urlencoded)) {}

std::optional<std::string_view> SearchParams::get(std::string_view name) const noexcept {
  for (const Entry& e : entries_)
    if (e.first == name) return e.second;
  return std::nullopt;
}

std::vector<std::string_view> SearchParams::get_all(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const Entry& e : entries_)
    if (e.first == name) out.push_back(e.second);
  return out;
}

namespace detail {

void throw_invalid_search_param(std::string_view name, const std::string& expected) {
  throw HttpError(400, "Invalid query parameter '" + std::string(name) + "': expected " + expected);
}

}  // namespace detail
}  // namespace spur
