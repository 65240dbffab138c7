#include "spur/core/request.hpp"

#include "spur/core/access.hpp"
#include "spur/core/large_body.hpp"
#include "spur/core/services.hpp"
#include "spur/text/ascii.hpp"

namespace spur {

std::optional<std::string_view> Request::header(std::string_view name) const noexcept {
  for (const http::Header& h : headers())
    if (text::iequals(h.name, name)) return h.value;
  return std::nullopt;
}

SearchParams Request::form() const {
  if (parsed_ && parsed_->form) {  // parsed off the loop: the first call takes it
    SearchParams form = std::move(*parsed_->form);
    parsed_->form.reset();
    return form;
  }
  return SearchParams(body_);
}

RequestLog Request::log() const noexcept {
  Logger& logger = services_ && services_->log ? *services_->log : default_logger();
  return RequestLog(logger, detail::RequestAccess::log_context(*this));
}

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
    if (services_)
      cookies_.emplace(joined, services_->cookie_secrets, services_->cookie_secrets_missing,
                       services_->cookie_unbound_signatures);
    else
      cookies_.emplace(joined);
  }
  return *cookies_;
}

Request::EditedHeaders& Request::edit() {
  if (!edited_) edited_.emplace().fields.assign(head_->headers.begin(), head_->headers.end());
  return *edited_;
}

Request& Request::append_header(std::string_view name, std::string_view value) {
  EditedHeaders& e = edit();
  const std::string& n = e.storage.emplace_back(name);
  const std::string& v = e.storage.emplace_back(value);
  e.fields.push_back({n, v});
  if (text::iequals(name, "cookie")) cookies_.reset();
  return *this;
}

Request& Request::set_header(std::string_view name, std::string_view value) {
  remove_header(name);
  return append_header(name, value);
}

Request& Request::remove_header(std::string_view name) {
  std::erase_if(edit().fields, [&](const http::Header& h) { return text::iequals(h.name, name); });
  if (text::iequals(name, "cookie")) cookies_.reset();
  return *this;
}

void detail::RequestAccess::rewrite(Request& r, std::string path, std::string query) {
  r.normalized_path_ = std::move(path);
  r.query_ = std::move(query);
  r.search_params_.reset();
}

}  // namespace spur
