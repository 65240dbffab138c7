#include "spur/core/request.hpp"

#include "spur/text/ascii.hpp"

namespace spur {

const SearchParams& Request::search_params() const {
  if (!search_params_) search_params_.emplace(query());
  return *search_params_;
}

const RequestCookies& Request::cookies() const {
  if (!cookies_) {
    // Several Cookie fields are one list (RFC 6265 §5.4 allows only one, but
    // HTTP/2 proxies split them).
    std::string joined;
    for (const http::Header& h : headers()) {
      if (!text::iequals(h.name, "cookie")) continue;
      if (!joined.empty()) joined += "; ";
      joined += h.value;
    }
    cookies_.emplace(joined);
  }
  return *cookies_;
}

void Request::set_header(std::string_view name, std::string_view value) {
  remove_header(name);
  EditedHeaders& e = *edited_;
  const std::string& n = e.storage.emplace_back(name);
  const std::string& v = e.storage.emplace_back(value);
  e.fields.push_back({n, v});
}

void Request::remove_header(std::string_view name) {
  if (!edited_) edited_.emplace().fields.assign(head_->headers.begin(), head_->headers.end());
  std::erase_if(edited_->fields,
                [&](const http::Header& h) { return text::iequals(h.name, name); });
  if (text::iequals(name, "cookie")) cookies_.reset();
}

void Request::rewrite(std::string path, std::string query) {
  normalized_path_ = std::move(path);
  query_ = std::move(query);
  search_params_.reset();
}

}  // namespace spur
