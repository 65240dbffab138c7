#pragma once
// The request a handler sees: views into the connection's buffer, valid until
// the handler's Response has been produced (or, for a streamed response or a
// WebSocket, until that ends). Copy what must outlive it.
//   Response GET(Request& req) {
//     auto q = req.search_params().get("q");        // std::optional<std::string_view>
//     auto session = req.cookies().get("session");
//     auto token = req.header("authorization");    // case-insensitive
//     req.log().info("listing posts");
//     ...
//   }
// Header verbs are the same as on Response: header(name) reads the first value
// (nullopt when absent), set_header replaces, append_header adds another,
// remove_header removes; changes are seen by what runs next (middleware →
// handler).
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "spur/core/body_stream.hpp"
#include "spur/core/cookies.hpp"
#include "spur/core/log.hpp"
#include "spur/core/search_params.hpp"
#include "spur/http/method.hpp"
#include "spur/http/request_head.hpp"

namespace boost::json {
class value;
}

namespace spur {

namespace detail {
struct Services;
struct RequestAccess;
struct ParsedBody;
}  // namespace detail

class Request final {
 public:
  Request(const http::RequestHead& head, std::string_view body) noexcept
      : head_(&head), body_(body), body_stream_(body) {}

  // "GET", "POST", … as sent (methods are case-sensitive).
  std::string_view method() const noexcept { return head_->method_token; }
  http::Method method_kind() const noexcept { return head_->method; }
  // The request-target as sent, e.g. "/api/users/7?x=1".
  std::string_view target() const noexcept { return head_->target; }
  // The normalised path that routing used, e.g. "/api/users/7" (escapes of
  // reserved characters kept, dot segments resolved).
  std::string_view path() const noexcept {
    return normalized_path_.empty() ? head_->path : std::string_view(normalized_path_);
  }
  // The query without '?', still encoded; empty if none.
  std::string_view query() const noexcept {
    return query_ ? std::string_view(*query_) : head_->query;
  }
  // The authority the client asked for (the Host field), e.g. "example.com:8080".
  std::string_view host() const noexcept { return head_->host; }
  int http_version_minor() const noexcept { return head_->version_minor; }

  // --- Header fields ---
  // The first field named `name` (case-insensitively), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const noexcept;
  bool has_header(std::string_view name) const noexcept { return header(name).has_value(); }
  // Every field as sent, with those middleware set or removed, in order.
  std::span<const http::Header> headers() const noexcept {
    return edited_ ? std::span<const http::Header>(edited_->fields) : head_->headers;
  }
  // Sets a field for what runs next, replacing any of that name; e.g. the
  // user id an auth middleware resolved.
  Request& set_header(std::string_view name, std::string_view value);
  // Adds a field, keeping the others of that name.
  Request& append_header(std::string_view name, std::string_view value);
  Request& remove_header(std::string_view name);

  // The peer's address ("127.0.0.1", "::1"); empty when not over a socket.
  std::string_view client_address() const noexcept { return client_address_; }
  // The X-Request-Id of this request when the app has AppConfig::request_id
  // on (the client's, if sane, or a new one); empty otherwise.
  std::string_view id() const noexcept { return id_; }
  // A logger whose lines carry this request's method, path, route and id.
  RequestLog log() const noexcept;

  // The query, decoded (parsed on first use).
  const SearchParams& search_params() const;
  // The Cookie header, parsed on first use.
  const RequestCookies& cookies() const;

  // The body as bytes, de-chunked and complete. Empty for a route whose body
  // streams (RouteConfig::stream_body): read that with body_stream().
  std::string_view text() const noexcept { return body_; }
  // The body piece by piece, as it arrives (see body_stream.hpp).
  BodyStream& body_stream() noexcept { return body_stream_; }
  // The body parsed as JSON, whatever the Content-Type (as Next.js's
  // request.json()). A malformed or empty body throws HttpError(400).
  boost::json::value json() const;
  // The body parsed into T: a struct described with BOOST_DESCRIBE_STRUCT, a
  // standard container, or anything Boost.JSON converts. A mismatch throws
  // HttpError(400) whose message names the field, e.g.
  // "Invalid body: 'title' must be a string". Defined in <spur/core/json.hpp>.
  template <typename T>
  T json() const;
  // The body parsed as application/x-www-form-urlencoded.
  SearchParams form() const;

 private:
  friend struct detail::RequestAccess;

  // Header fields once edited: views into the head or into `storage`.
  struct EditedHeaders {
    std::vector<http::Header> fields;
    std::deque<std::string> storage;
  };
  EditedHeaders& edit();

  const http::RequestHead* head_;
  std::string_view body_;
  std::string_view client_address_;
  std::string normalized_path_;
  std::optional<std::string> query_;
  std::optional<EditedHeaders> edited_;
  mutable std::optional<SearchParams> search_params_;
  mutable std::optional<RequestCookies> cookies_;
  BodyStream body_stream_;
  const detail::Services* services_ = nullptr;
  std::string id_;
  std::string_view route_;  // the route file that answers, once matched
  // A large body parsed on the offload pool before the handler ran
  // (core/large_body.hpp), for the first json() or form() to take.
  mutable std::shared_ptr<detail::ParsedBody> parsed_;
};

}  // namespace spur
