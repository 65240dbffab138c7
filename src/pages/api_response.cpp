#include "spur/pages/api_response.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "etag.hpp"
#include "spur/core/json_stringify.hpp"
#include "spur/http/header.hpp"
#include "spur/text/ascii.hpp"
#include "spur/text/utf8.hpp"

namespace spur {
namespace {

constexpr std::string_view json_content_type = "application/json; charset=utf-8";

// Framing and connection fields are the server's to write.
bool is_server_field(std::string_view name) noexcept {
  return text::iequals(name, "content-length") || text::iequals(name, "transfer-encoding") ||
         text::iequals(name, "connection") || text::iequals(name, "date");
}

}  // namespace

ApiResponse& ApiResponse::status(int code) {
  if (code < 100 || code > 999)
    throw std::invalid_argument("Invalid status code: " + std::to_string(code));
  status_ = code;
  return *this;
}

std::size_t ApiResponse::erase_header(std::string_view name) {
  std::size_t first = fields_.size();
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (text::iequals(fields_[i].name, name)) {
      first = i;
      break;
    }
  }
  std::erase_if(fields_, [&](const Field& f) { return text::iequals(f.name, name); });
  return first;
}

ApiResponse& ApiResponse::set_header(std::string_view name, std::string_view value) {
  return set_header(name, {value});
}

ApiResponse& ApiResponse::set_header(std::string_view name,
                                     std::initializer_list<std::string_view> values) {
  // As Node's setHeader: the name keeps the place it first had.
  std::size_t at = erase_header(name);
  std::vector<Field> lines;
  lines.reserve(values.size());
  for (std::string_view v : values) lines.push_back({std::string(name), std::string(v)});
  fields_.insert(fields_.begin() + static_cast<std::ptrdiff_t>(at),
                 std::make_move_iterator(lines.begin()), std::make_move_iterator(lines.end()));
  return *this;
}

ApiResponse& ApiResponse::set_header(std::string_view name,
                                     const std::vector<std::string>& values) {
  std::size_t at = erase_header(name);
  std::vector<Field> lines;
  lines.reserve(values.size());
  for (const std::string& v : values) lines.push_back({std::string(name), v});
  fields_.insert(fields_.begin() + static_cast<std::ptrdiff_t>(at),
                 std::make_move_iterator(lines.begin()), std::make_move_iterator(lines.end()));
  return *this;
}

ApiResponse& ApiResponse::append_header(std::string_view name, std::string_view value) {
  fields_.push_back({std::string(name), std::string(value)});
  return *this;
}

ApiResponse& ApiResponse::set_cookie(std::string_view name, std::string_view value,
                                     const CookieOptions& options) {
  return append_header("Set-Cookie", serialize_set_cookie(name, value, options));
}

ApiResponse& ApiResponse::remove_header(std::string_view name) {
  erase_header(name);
  return *this;
}

std::optional<std::string_view> ApiResponse::get_header(std::string_view name) const noexcept {
  for (const Field& f : fields_)
    if (text::iequals(f.name, name)) return std::string_view(f.value);
  return std::nullopt;
}

std::vector<std::string_view> ApiResponse::get_header_values(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const Field& f : fields_)
    if (text::iequals(f.name, name)) out.emplace_back(f.value);
  return out;
}

bool ApiResponse::begin_end(std::string_view what) {
  if (!ended_ && !(stream_ && what != "end")) return true;
  // Next.js keeps the first answer too (the second send fails inside Node).
  request_->log().warn("res." + std::string(what) + "() after the response was sent; ignored");
  return false;
}

void ApiResponse::send_payload(std::string body, std::string etag, Payload kind) {
  ended_ = true;
  if (status_ == 204 || status_ == 304) {
    remove_header("Content-Type");
    remove_header("Content-Length");
    remove_header("Transfer-Encoding");
    body_.clear();
    return;
  }
  set_header("ETag", etag);
  // Spur's policy (no-304-post): only a safe method is answered "not modified".
  const http::Method method = request_->method_kind();
  if ((method == http::Method::get || method == http::Method::head) &&
      detail::pages::is_fresh(*request_, etag, get_header("Last-Modified"))) {
    status_ = 304;
    body_.clear();
    return;
  }
  if (kind == Payload::bytes && !has_header("Content-Type"))
    set_header("Content-Type", "application/octet-stream");
  if (kind == Payload::json_like) set_header("Content-Type", json_content_type);
  body_ = std::move(body);
}

void ApiResponse::json(const boost::json::value& value) {
  if (!begin_end("json")) return;
  // Next's sendJson sets the type before the send, so a 304 keeps it.
  set_header("Content-Type", json_content_type);
  std::string text = detail::stringify(value);
  std::string etag = detail::pages::etag_for_text(text);
  send_payload(std::move(text), std::move(etag), Payload::text);
}

void ApiResponse::send_json_like(const boost::json::value& value) {
  if (!begin_end("send")) return;
  std::string text = detail::stringify(value);
  std::string etag = detail::pages::etag_for_text(text);
  send_payload(std::move(text), std::move(etag), Payload::json_like);
}

void ApiResponse::send(std::string_view text) {
  if (!begin_end("send")) return;
  send_payload(std::string(text), detail::pages::etag_for_text(text), Payload::text);
}

void ApiResponse::send_bytes(std::string_view data) {
  if (!begin_end("send_bytes")) return;
  send_payload(std::string(data), detail::pages::etag_for_bytes(data), Payload::bytes);
}

void ApiResponse::send_bytes(std::span<const std::byte> data) {
  send_bytes(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

void ApiResponse::end() { end(std::string_view()); }

void ApiResponse::end(std::string_view text) {
  if (!begin_end("end")) return;
  if (stream_) write(text);
  ended_ = true;
  if (!stream_) body_ = std::string(text);
}

namespace {}  // namespace

bool ApiResponse::write(std::string_view chunk) {
  if (ended_) {
    begin_end("write");
    return false;
  }
  if (!stream_) stream_ = std::make_unique<Stream>();
  Stream& s = *stream_;
  if (s.sink)
    s.sink->send(chunk);
  else
    s.pending.append(chunk);
  if (on_first_write_) std::exchange(on_first_write_, nullptr)();
  return !closed() && (!s.sink || s.sink->unsent() <= StreamWriter::high_water);
}

bool ApiResponse::closed() const noexcept {
  return stream_ && stream_->sink && stream_->sink->closed();
}

void ApiResponse::redirect(std::string_view url) { redirect(307, url); }

void ApiResponse::redirect(int code, std::string_view url) {
  if (!begin_end("redirect")) return;
  status(code);
  set_header("Location", url);
  ended_ = true;
  body_ = std::string(url);
}

void ApiResponse::send_response(Response response) {
  if (!begin_end("send_response")) return;
  status(response.status());
  // Each name the Response carries replaces that name here, once.
  std::vector<std::string_view> replaced;
  for (const http::Header h : response.headers()) {
    const std::string_view name = h.name;
    const std::string_view value = h.value;
    bool seen = false;
    for (std::string_view r : replaced) seen = seen || text::iequals(r, name);
    if (!seen) {
      erase_header(name);
      replaced.push_back(name);
    }
    append_header(name, value);
  }
  ended_ = true;
  body_ = response.file_body() ? read_file_body(*response.file_body()) : response.body();
}

Response detail::ApiResponseAccess::take_response(ApiResponse& res) {
  Response out(res.status_);
  for (const ApiResponse::Field& f : res.fields_)
    if (!is_server_field(f.name)) out.append_header(f.name, f.value);
  out.body(std::move(res.body_));
  res.fields_.clear();
  res.body_.clear();
  return out;
}

}  // namespace spur
