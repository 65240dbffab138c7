#include "redirect.hpp"

#include <algorithm>

#include "spur/fetch/fetch_error.hpp"
#include "spur/text/ascii.hpp"

namespace spur::fetch_detail {

bool is_redirect(int status) noexcept {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

NextRequest follow_redirect(int status, const Target& from, const Target& to, NextRequest request,
                            const std::vector<std::string>& sensitive_headers) {
  if (from.tls && !to.tls)
    throw FetchError(FetchError::Kind::redirect,
                     "refused a redirect from https to http (" + to.origin() + ")");
  const bool to_get = status == 303 ? request.method != "HEAD"
                                    : (status == 301 || status == 302) && request.method == "POST";
  auto drop = [&](auto&& predicate) {
    std::erase_if(request.headers, [&](const auto& h) { return predicate(h.first); });
  };
  if (to_get) {
    request.method = "GET";
    request.body.clear();
    drop([](const std::string& name) {
      return text::iequals(name, "content-type") || text::iequals(name, "content-encoding") ||
             text::iequals(name, "content-language") || text::iequals(name, "content-location");
    });
  }
  if (from.origin() != to.origin()) {
    drop([&](const std::string& name) {
      if (text::iequals(name, "authorization") || text::iequals(name, "cookie") ||
          text::iequals(name, "proxy-authorization"))
        return true;
      return std::any_of(sensitive_headers.begin(), sensitive_headers.end(),
                         [&](const std::string& s) { return text::iequals(name, s); });
    });
  }
  return request;
}

}  // namespace spur::fetch_detail
