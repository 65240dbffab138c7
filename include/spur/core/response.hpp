#pragma once
// The value a handler returns. Header lines are kept pre-formatted, so
// serializing a response is one append, and a typical one allocates twice.
//
//   return Response::json({{"ok", true}}, 201).header("Cache-Control", "no-store");
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "spur/core/cookies.hpp"
#include "spur/core/file_body.hpp"
#include "spur/core/stream.hpp"

namespace boost::json {
class value;
}

namespace spur {

namespace detail {
struct WebSocketUpgrade;  // websocket.hpp
}

class Response final {
 public:
  explicit Response(int status = 200) noexcept : status_(status) {}

  // Body `text` as text/plain; charset=utf-8.
  static Response text(std::string text, int status = 200);
  // A body that is already serialized JSON, as application/json.
  static Response json_text(std::string json, int status = 200);
  // A JSON value, e.g. Response::json({{"error", "Post not found"}}, 404).
  static Response json(const boost::json::value& value, int status = 200);
  // Any type Boost.JSON can convert, described structs included:
  // Response::json(post). Defined in <spur/core/json.hpp>.
  template <typename T>
  static Response json(const T& value, int status = 200);
  // Raw bytes with a content type.
  static Response bytes(std::string data,
                        std::string_view content_type = "application/octet-stream",
                        int status = 200);
  // A redirect: 307 (method kept) by default, or 301, 302, 303, 308.
  static Response redirect(std::string_view location, int status = 307);
  // A body written piece by piece by `body` while the client receives it
  // (see stream.hpp), e.g. Response::stream(producer, "text/event-stream").
  static Response stream(StreamBody body,
                         std::string_view content_type = "application/octet-stream",
                         int status = 200);
  // No body, e.g. Response::empty(204).
  static Response empty(int status) { return Response(status); }

  // Appends a header line. Names and values must not contain CR or LF; a
  // value that does is replaced with nothing (never a header injection).
  Response& header(std::string_view name, std::string_view value) &;
  Response&& header(std::string_view name, std::string_view value) && {
    return std::move(header(name, value));
  }
  // Replaces every `name` header (case-insensitively) with this one.
  Response& set_header(std::string_view name, std::string_view value) &;
  Response&& set_header(std::string_view name, std::string_view value) && {
    return std::move(set_header(name, value));
  }
  // Removes every `name` header; true if there was one.
  bool remove_header(std::string_view name) &;
  // Adds a Set-Cookie header (see serialize_set_cookie).
  Response& set_cookie(std::string_view name, std::string_view value,
                       const CookieOptions& options = {}) &;
  Response&& set_cookie(std::string_view name, std::string_view value,
                        const CookieOptions& options = {}) && {
    return std::move(set_cookie(name, value, options));
  }
  // Adds a Set-Cookie header whose value is `value` signed with the first
  // secret of SPUR_COOKIE_SECRET (read back with RequestCookies::get_signed).
  // Throws std::runtime_error when that variable is unset or a secret in it is
  // shorter than 32 characters, and std::invalid_argument when `value` is not
  // UTF-8 (cookies are decoded as UTF-8, so it could never verify).
  Response& set_signed_cookie(std::string_view name, std::string_view value,
                              const CookieOptions& options = {}) &;
  Response&& set_signed_cookie(std::string_view name, std::string_view value,
                               const CookieOptions& options = {}) && {
    return std::move(set_signed_cookie(name, value, options));
  }
  // Asks the client to drop a cookie (empty value, Max-Age=0, same path/domain).
  Response& delete_cookie(std::string_view name, const CookieOptions& options = {}) &;
  // Sets the body, replacing a file body.
  Response& body(std::string b) & {
    body_ = std::move(b);
    file_.reset();
    stream_.reset();
    return *this;
  }
  // Makes a range of an open file the body, replacing a string body; the
  // server sends it without reading it into memory (see file_body.hpp).
  Response& file_body(FileBody f) & {
    body_.clear();
    file_ = std::move(f);
    stream_.reset();
    return *this;
  }
  // Makes `b` the producer of a streamed body, replacing any other body.
  Response& stream_body(StreamBody b) & {
    body_.clear();
    file_.reset();
    stream_ = std::make_shared<const StreamBody>(std::move(b));
    return *this;
  }
  Response& status(int s) & noexcept {
    status_ = s;
    return *this;
  }

  int status() const noexcept { return status_; }
  // The string body; empty when the body is a file or a stream.
  const std::string& body() const noexcept { return body_; }
  // The producer of a streamed body, or null.
  const StreamBody* stream_body() const noexcept { return stream_.get(); }
  // For the server: shares the producer, to keep it alive while it runs.
  std::shared_ptr<const StreamBody> share_stream_body() const noexcept { return stream_; }
  const std::optional<FileBody>& file_body() const noexcept { return file_; }
  // The body's length in bytes, a file body's included: Content-Length.
  std::uint64_t content_length() const noexcept { return file_ ? file_->length : body_.size(); }
  // "Name: value\r\n" lines, in the order added.
  std::string_view header_lines() const noexcept { return fields_; }
  bool has_header(std::string_view name) const noexcept;
  // The first value of `name`, case-insensitively, or empty.
  std::string_view header_value(std::string_view name) const noexcept;

  // For upgrade() and the server: what runs on the connection after a 101.
  const std::shared_ptr<const detail::WebSocketUpgrade>& websocket() const noexcept {
    return websocket_;
  }
  Response& websocket(std::shared_ptr<const detail::WebSocketUpgrade> w) & noexcept {
    websocket_ = std::move(w);
    return *this;
  }

 private:
  int status_;
  std::string fields_;
  std::string body_;
  std::optional<FileBody> file_;
  std::shared_ptr<const StreamBody> stream_;
  std::shared_ptr<const detail::WebSocketUpgrade> websocket_;
};

}  // namespace spur
