#include "spur/core/response.hpp"

#include <stdexcept>

#include "cookie_signing.hpp"
#include "spur/http/header.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/utf8.hpp"

namespace spur {
namespace {
bool has_line_break(std::string_view s) noexcept {
  return s.find_first_of("\r\n") != std::string_view::npos;
}
}  // namespace

Response Response::text(std::string text, int status) {
  Response r(status);
  r.fields_ = "Content-Type: text/plain; charset=utf-8\r\n";
  r.body_ = std::move(text);
  return r;
}

Response Response::json_text(std::string json, int status) {
  Response r(status);
  r.fields_ = "Content-Type: application/json\r\n";
  r.body_ = std::move(json);
  return r;
}

Response Response::bytes(std::string data, std::string_view content_type, int status) {
  Response r(status);
  r.header("Content-Type", content_type);
  r.body_ = std::move(data);
  return r;
}

Response Response::redirect(std::string_view location, int status) {
  Response r(status);
  r.header("Location", location);
  return r;
}

Response& Response::set_cookie(std::string_view name, std::string_view value,
                               const CookieOptions& options) & {
  return header("Set-Cookie", serialize_set_cookie(name, value, options));
}

Response& Response::set_signed_cookie(std::string_view name, std::string_view value,
                                      const CookieOptions& options) & {
  // RequestCookies keeps a value that does not decode to UTF-8 still encoded,
  // so a signature over other bytes would never match: refuse it here.
  if (!text::is_valid_utf8(value))
    throw std::invalid_argument("signed cookie value is not UTF-8: " + std::string(name));
  return set_cookie(name, detail::sign_value(value, detail::cookie_secrets().front()), options);
}

Response& Response::delete_cookie(std::string_view name, const CookieOptions& options) & {
  CookieOptions expired = options;
  expired.max_age = 0;
  expired.expires = std::chrono::system_clock::time_point{};  // 1 Jan 1970
  return set_cookie(name, "", expired);
}

Response& Response::header(std::string_view name, std::string_view value) & {
  if (name.empty() || has_line_break(name) || name.find(':') != std::string_view::npos)
    return *this;
  if (has_line_break(value)) value = {};
  fields_.reserve(fields_.size() + name.size() + value.size() + 4);
  fields_ += name;
  fields_ += ": ";
  fields_ += value;
  fields_ += "\r\n";
  return *this;
}

Response Response::stream(StreamBody body, std::string_view content_type, int status) {
  Response r(status);
  r.header("Content-Type", content_type);
  r.stream_ = std::make_shared<const StreamBody>(std::move(body));
  return r;
}

Response& Response::set_header(std::string_view name, std::string_view value) & {
  remove_header(name);
  return header(name, value);
}

bool Response::remove_header(std::string_view name) & {
  bool removed = false;
  for (std::size_t at = 0; at < fields_.size();) {
    const std::size_t eol = fields_.find("\r\n", at);
    const std::string_view line = std::string_view(fields_).substr(at, eol - at);
    if (text::iequals(line.substr(0, line.find(':')), name)) {
      fields_.erase(at, eol + 2 - at);
      removed = true;
    } else {
      at = eol + 2;
    }
  }
  return removed;
}

bool Response::has_header(std::string_view name) const noexcept {
  std::string_view rest = fields_;
  while (!rest.empty()) {
    const std::size_t eol = rest.find("\r\n");
    const std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    if (text::iequals(line.substr(0, line.find(':')), name)) return true;
  }
  return false;
}

std::string_view Response::header_value(std::string_view name) const noexcept {
  std::string_view rest = fields_;
  while (!rest.empty()) {
    std::size_t eol = rest.find("\r\n");
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    std::size_t colon = line.find(':');
    if (text::iequals(line.substr(0, colon), name)) return line.substr(colon + 2);
  }
  return {};
}

}  // namespace spur
