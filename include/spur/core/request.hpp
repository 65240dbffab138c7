#pragma once
// The request a handler sees: views into the connection's buffer, valid until
// the handler's Response has been produced. Copy what must outlive it.
//   Response GET(Request& req) {
//     auto q = req.search_params().get("q");        // std::optional<std::string_view>
//     auto session = req.cookies().get("session");
//     auto token = req.header("authorization");    // case-insensitive
//     ...
//   }
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "spur/core/body_stream.hpp"
#include "spur/core/cookies.hpp"
#include "spur/core/search_params.hpp"
#include "spur/http/request_head.hpp"
#include "spur/text/ascii.hpp"

namespace boost::json {
class value;
}

namespace spur {

class Request final {
 public:
  Request(const http::RequestHead& head, std::string_view body) noexcept
      : head_(&head), body_(body) {
    body_stream_.set_buffered(body);
  }

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
  int http_version_minor() const noexcept { return head_->version_minor; }

  // The first header field named `name`, case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const noexcept {
    for (const http::Header& h : headers())
      if (text::iequals(h.name, name)) return h.value;
    return std::nullopt;
  }
  // The header fields as sent, with those middleware set or removed.
  std::span<const http::Header> headers() const noexcept {
    return edited_ ? std::span<const http::Header>(edited_->fields) : head_->headers;
  }
  // Sets a request header for what runs next (middleware → handler), replacing
  // any field of that name; e.g. the user id an auth middleware resolved.
  void set_header(std::string_view name, std::string_view value);
  void remove_header(std::string_view name);

  // The peer's address ("127.0.0.1", "::1"); empty when not over a socket.
  std::string_view client_address() const noexcept { return client_address_; }

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
  SearchParams form() const { return SearchParams(body_); }

  const http::RequestHead& head() const noexcept { return *head_; }

  // For the framework: the path after normalisation, when it differs.
  void set_normalized_path(std::string path) { normalized_path_ = std::move(path); }
  // For the framework: a middleware rewrite's path and query ("" for none).
  void rewrite(std::string path, std::string query);
  // For the framework: the connection's peer address, valid for the request.
  void set_client_address(std::string_view address) noexcept { client_address_ = address; }

 private:
  // Header fields once edited: views into the head or into `storage`.
  struct EditedHeaders {
    std::vector<http::Header> fields;
    std::deque<std::string> storage;
  };

  const http::RequestHead* head_;
  std::string_view body_;
  std::string_view client_address_;
  std::string normalized_path_;
  std::optional<std::string> query_;
  std::optional<EditedHeaders> edited_;
  mutable std::optional<SearchParams> search_params_;
  mutable std::optional<RequestCookies> cookies_;
  BodyStream body_stream_;
};

}  // namespace spur
