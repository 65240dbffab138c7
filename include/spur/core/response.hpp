#pragma once
// The value a handler returns: a status, header fields (kept as data, written
// to the wire once by the server), and one body: bytes, a range of a file, a
// streamed producer, or, for a 101, the WebSocket that follows.
//
//   return Response::json({{"ok", true}}, 201).set_header("Cache-Control", "no-store");
//
// Header verbs are the same as on Request: header(name) reads the first value
// (nullopt when absent), set_header replaces, append_header adds another,
// remove_header removes. Every setter chains, on a named response and on a
// temporary alike.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "spur/core/cookies.hpp"
#include "spur/core/file_body.hpp"
#include "spur/core/stream.hpp"
#include "spur/http/fields.hpp"

namespace boost::json {
class value;
}

namespace spur {

namespace detail {
struct WebSocketUpgrade;  // websocket.hpp
struct ResponseAccess;
}  // namespace detail

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

  // --- Header fields ---
  // The first value of `name` (case-insensitively), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const noexcept {
    return fields_.get(name);
  }
  bool has_header(std::string_view name) const noexcept { return fields_.contains(name); }
  // Every field, in order (repeated names stay separate).
  const http::Fields& headers() const noexcept { return fields_; }
  // Replaces every `name` field with this one. A name with CR, LF or ':' is
  // ignored and a value with CR or LF is sent empty (never a header injection).
  Response& set_header(std::string_view name, std::string_view value) & {
    fields_.set(name, value);
    return *this;
  }
  Response&& set_header(std::string_view name, std::string_view value) && {
    return std::move(set_header(name, value));
  }
  // Adds a field, keeping the others of that name (Set-Cookie, Vary, Link…).
  Response& append_header(std::string_view name, std::string_view value) & {
    fields_.append(name, value);
    return *this;
  }
  Response&& append_header(std::string_view name, std::string_view value) && {
    return std::move(append_header(name, value));
  }
  Response& remove_header(std::string_view name) & {
    fields_.erase(name);
    return *this;
  }
  Response&& remove_header(std::string_view name) && { return std::move(remove_header(name)); }

  // --- Cookies ---
  // Adds a Set-Cookie field (see serialize_set_cookie).
  Response& set_cookie(std::string_view name, std::string_view value,
                       const CookieOptions& options = {}) &;
  Response&& set_cookie(std::string_view name, std::string_view value,
                        const CookieOptions& options = {}) && {
    return std::move(set_cookie(name, value, options));
  }
  // Adds a Set-Cookie whose value is signed with the app's first cookie
  // secret (read back with RequestCookies::get_signed). The app signs it when
  // the handler returns: a missing secret answers 500 then. Throws
  // std::invalid_argument now when `value` is not UTF-8 (cookies are decoded
  // as UTF-8, so it could never verify).
  Response& set_signed_cookie(std::string_view name, std::string_view value,
                              const CookieOptions& options = {}) &;
  Response&& set_signed_cookie(std::string_view name, std::string_view value,
                               const CookieOptions& options = {}) && {
    return std::move(set_signed_cookie(name, value, options));
  }
  // Asks the client to drop a cookie (empty value, Max-Age=0, same path/domain).
  Response& delete_cookie(std::string_view name, const CookieOptions& options = {}) &;
  Response&& delete_cookie(std::string_view name, const CookieOptions& options = {}) && {
    return std::move(delete_cookie(name, options));
  }

  // --- Status and body ---
  Response& status(int s) & noexcept {
    status_ = s;
    return *this;
  }
  Response&& status(int s) && noexcept { return std::move(status(s)); }
  // Sets a string body, replacing any other body.
  Response& body(std::string b) & {
    payload_ = std::move(b);
    return *this;
  }
  Response&& body(std::string b) && { return std::move(body(std::move(b))); }
  // Makes a range of an open file the body; the server sends it without
  // reading it into memory (see file_body.hpp).
  Response& file_body(FileBody f) & {
    payload_ = std::move(f);
    return *this;
  }
  Response&& file_body(FileBody f) && { return std::move(file_body(std::move(f))); }
  // Makes `b` the producer of a streamed body, replacing any other body.
  Response& stream_body(StreamBody b) & {
    payload_ = std::make_shared<const StreamBody>(std::move(b));
    return *this;
  }
  Response&& stream_body(StreamBody b) && { return std::move(stream_body(std::move(b))); }

  int status() const noexcept { return status_; }
  // The string body; empty when the body is a file or a stream.
  const std::string& body() const noexcept;
  // The file body, if the body is one.
  std::optional<FileBody> file_body() const;
  bool is_stream() const noexcept { return std::holds_alternative<StreamPtr>(payload_); }
  // The body's length in bytes, a file body's included: Content-Length.
  std::uint64_t content_length() const noexcept;

 private:
  friend struct detail::ResponseAccess;
  using StreamPtr = std::shared_ptr<const StreamBody>;
  using UpgradePtr = std::shared_ptr<const detail::WebSocketUpgrade>;
  struct SignedCookie {
    std::string name, value;
    CookieOptions options;
  };

  int status_;
  http::Fields fields_;
  // One body at a time: bytes, a file range, a streamed producer (shared so
  // that its captures outlive the Response while it runs), or a WebSocket.
  std::variant<std::string, FileBody, StreamPtr, UpgradePtr> payload_;
  // set_signed_cookie()s the app has yet to sign.
  std::vector<SignedCookie> unsigned_cookies_;
};

}  // namespace spur
