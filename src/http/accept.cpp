#include "spur/http/accept.hpp"

#include <charconv>

#include "spur/http/header.hpp"
#include "spur/text/ascii.hpp"

namespace spur::detail {
namespace {

using text::trim;

// Calls f(value, weight) for each element of the list.
template <typename F>
void for_each_weighted(std::string_view list, F&& f) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    const std::size_t semi = item.find(';');
    const std::string_view value = trim(item.substr(0, semi));
    double q = 1;
    for (std::string_view params = semi == std::string_view::npos ? "" : item.substr(semi + 1);
         !params.empty();) {
      const std::size_t next = params.find(';');
      const std::string_view p = trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
      if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
        const std::string_view digits = p.substr(2);
        double parsed = 0;
        const auto [end, ec] =
            std::from_chars(digits.data(), digits.data() + digits.size(), parsed);
        q = ec == std::errc() && parsed >= 0 && parsed <= 1 ? parsed : 0;
      }
    }
    if (!value.empty()) f(value, q);
  }
}

}  // namespace

double media_quality(std::string_view accept, std::string_view type) {
  if (trim(accept).empty()) return 1;
  const std::string_view major = type.substr(0, type.find('/'));
  int best_rank = -1;
  double best = 0;
  for_each_weighted(accept, [&](std::string_view range, double q) {
    int rank = -1;
    if (text::iequals(range, type))
      rank = 2;
    else if (range.size() == major.size() + 2 && range.ends_with("/*") &&
             text::iequals(range.substr(0, major.size()), major))
      rank = 1;
    else if (range == "*/*")
      rank = 0;
    if (rank > best_rank) {
      best_rank = rank;
      best = q;
    }
  });
  return best;
}

double coding_quality(std::string_view accept_encoding, std::string_view coding) {
  double own = -1, any = -1;
  for_each_weighted(accept_encoding, [&](std::string_view value, double q) {
    if (text::iequals(value, coding)) own = q;
    if (value == "*") any = q;
  });
  if (own >= 0) return own;
  if (any >= 0) return any;
  return coding == "identity" ? 1 : 0;
}

}  // namespace spur::detail
