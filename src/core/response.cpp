#include "spur/core/response.hpp"

#include <stdexcept>

#include "spur/core/access.hpp"
#include "spur/core/cookie_signing.hpp"
#include "spur/text/utf8.hpp"

namespace spur {
namespace {
const std::string no_body;
}  // namespace

Response Response::text(std::string text, int status) {
  Response r(status);
  r.fields_.append("Content-Type", "text/plain; charset=utf-8");
  r.payload_ = std::move(text);
  return r;
}

Response Response::json_text(std::string json, int status) {
  Response r(status);
  r.fields_.append("Content-Type", "application/json");
  r.payload_ = std::move(json);
  return r;
}

Response Response::bytes(std::string data, std::string_view content_type, int status) {
  Response r(status);
  r.fields_.append("Content-Type", content_type);
  r.payload_ = std::move(data);
  return r;
}

Response Response::redirect(std::string_view location, int status) {
  Response r(status);
  r.fields_.append("Location", location);
  return r;
}

Response Response::stream(StreamBody body, std::string_view content_type, int status) {
  Response r(status);
  r.fields_.append("Content-Type", content_type);
  r.payload_ = std::make_shared<const StreamBody>(std::move(body));
  return r;
}

Response& Response::set_cookie(std::string_view name, std::string_view value,
                               const CookieOptions& options) & {
  return append_header("Set-Cookie", serialize_set_cookie(name, value, options));
}

Response& Response::set_signed_cookie(std::string_view name, std::string_view value,
                                      const CookieOptions& options) & {
  // RequestCookies keeps a value that does not decode to UTF-8 still encoded,
  // so a signature over other bytes would never match: refuse it here.
  if (!text::is_valid_utf8(value))
    throw std::invalid_argument("signed cookie value is not UTF-8: " + std::string(name));
  serialize_set_cookie(name, "", options);  // a bad name fails now, not when signed
  unsigned_cookies_.push_back({std::string(name), std::string(value), options});
  return *this;
}

Response& Response::delete_cookie(std::string_view name, const CookieOptions& options) & {
  CookieOptions expired = options;
  expired.max_age = 0;
  expired.expires = std::chrono::system_clock::time_point{};  // 1 Jan 1970
  return set_cookie(name, "", expired);
}

const std::string& Response::body() const noexcept {
  const std::string* s = std::get_if<std::string>(&payload_);
  return s ? *s : no_body;
}

std::optional<FileBody> Response::file_body() const {
  if (const FileBody* f = std::get_if<FileBody>(&payload_)) return *f;
  return std::nullopt;
}

std::uint64_t Response::content_length() const noexcept {
  if (const FileBody* f = std::get_if<FileBody>(&payload_)) return f->length;
  return body().size();
}

namespace detail {

std::shared_ptr<const StreamBody> ResponseAccess::stream(const Response& r) noexcept {
  const auto* s = std::get_if<Response::StreamPtr>(&r.payload_);
  return s ? *s : nullptr;
}

std::shared_ptr<const WebSocketUpgrade> ResponseAccess::upgrade(const Response& r) noexcept {
  const auto* u = std::get_if<Response::UpgradePtr>(&r.payload_);
  return u ? *u : nullptr;
}

void ResponseAccess::sign_cookies(Response& r, std::span<const std::string> secrets,
                                  std::string_view missing) {
  if (r.unsigned_cookies_.empty()) return;
  if (secrets.empty()) throw MissingCookieSecret(std::string(missing));
  for (const Response::SignedCookie& c : r.unsigned_cookies_)
    r.set_cookie(c.name, sign_value(c.name, c.value, secrets.front()), c.options);
  r.unsigned_cookies_.clear();
}

}  // namespace detail
}  // namespace spur
