#pragma once
// What a redirect makes of the next request, as the Fetch standard says:
// 303 (and 301/302 of a POST) become a GET without body; Authorization,
// Cookie, Proxy-Authorization and the caller's sensitive headers do not
// follow to another origin; https never goes down to http.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "target.hpp"

namespace spur::fetch_detail {

struct NextRequest {
  std::string method;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

bool is_redirect(int status) noexcept;

// The request to send to `to` after `status` from `from`; throws FetchError
// (redirect) for https → http.
NextRequest follow_redirect(int status, const Target& from, const Target& to, NextRequest request,
                            const std::vector<std::string>& sensitive_headers);

}  // namespace spur::fetch_detail
