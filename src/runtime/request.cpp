#include "spur/runtime/request.hpp"

namespace spur {

const SearchParams& Request::search_params() const {
  if (!search_params_) search_params_.emplace(head_->query);
  return *search_params_;
}

const RequestCookies& Request::cookies() const {
  if (!cookies_) {
    // Several Cookie fields are one list (RFC 6265 §5.4 allows only one, but
    // HTTP/2 proxies split them).
    std::string joined;
    for (const http::Header& h : head_->headers) {
      if (!http::iequals(h.name, "cookie")) continue;
      if (!joined.empty()) joined += "; ";
      joined += h.value;
    }
    cookies_.emplace(joined);
  }
  return *cookies_;
}

}  // namespace spur
