#pragma once
// The request a Pages Router handler sees, Spur's NextApiRequest:
//   void handler(ApiRequest& req, ApiResponse& res) {
//     std::string_view id = req.query["id"];          // path params merged into the query
//     const boost::json::value& body = req.body();    // parsed by Content-Type
//     auto session = req.cookies().get("session");
//     auto auth = req.header("authorization");        // case-insensitive
//   }
// Views point into the connection's buffer or into the ApiRequest; they are
// valid until the handler has finished.
#include <boost/json/value.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "spur/core/cookies.hpp"
#include "spur/core/request.hpp"
#include "spur/http/header.hpp"
#include "spur/router/params.hpp"

namespace spur {

// req.query: the decoded query string merged with the route's path params, as
// Next.js builds it. A repeated key is a list (`?a=1&a=2`), a key without '='
// is "" (`?z`), '+' is a space, brackets are literal (`a[]` is a key). Path
// params win over same-named query keys (`/api/users/7?id=9` → id "7"), and a
// catch-all param is a list (`/api/catch/a?slug=x` → slug ["a"]). An optional
// catch-all that matched nothing is absent, so the query shows through:
// `/api/optional?slug=x` → slug "x".
class ApiQuery final {
 public:
  // The same shapes as a route's params: a value or a catch-all list.
  using List = router::Params::List;
  using Value = router::Params::Value;
  using Entry = router::Params::Entry;

  ApiQuery() = default;
  // `encoded_query` is the query after '?', still percent-encoded.
  ApiQuery(std::string_view encoded_query, const router::Params& params);

  // The value of `name`, or its first element when it is a list; empty when
  // absent. query["id"] reads like Next's req.query.id for a plain key.
  const std::string& operator[](std::string_view name) const noexcept;
  // The same, but nullopt when absent (an empty list is absent too).
  std::optional<std::string_view> get(std::string_view name) const noexcept;
  // Every value of `name`: one for a string, all for a list; empty when absent.
  std::vector<std::string_view> get_all(std::string_view name) const;
  bool is_list(std::string_view name) const noexcept;
  bool has(std::string_view name) const noexcept { return find(name) != nullptr; }

  // In the order Next.js shows them: query keys first (in order of first
  // appearance), then params that no query key named.
  std::span<const Entry> entries() const noexcept { return entries_; }
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }

  // Replaces `name`'s value in place, or appends it.
  void set(std::string_view name, Value value);
  // Appends a value: a second value for a name turns it into a list.
  void append(std::string_view name, std::string value);
  void remove(std::string_view name);

  // {"id":"7","tags":["a","b"]}: strings, arrays for lists. So an echo reads
  // like the JavaScript: res.json({{"query", req.query}}).
  boost::json::object to_json() const;
  operator boost::json::object() const { return to_json(); }

 private:
  const Value* find(std::string_view name) const noexcept;
  Entry* find_entry(std::string_view name) noexcept;
  static void append_to(Entry& e, std::string value);
  std::vector<Entry> entries_;
};

class ApiRequest final {
 public:
  // For the framework (run_pages_route): `request` and `params` must outlive
  // this object; `body` is what the body parser made of the request body
  // (null when the route turned the parser off).
  ApiRequest(const Request& request, const router::Params& params, boost::json::value body);

  // "GET", "POST", … as sent; a Pages handler sees every method, HEAD and
  // OPTIONS included (there is no automatic answer).
  std::string_view method() const noexcept { return request_->method(); }
  // The request-target as sent, e.g. "/api/users/7?x=1" (Next's req.url).
  std::string_view url() const noexcept { return request_->target(); }
  // The normalised path routing used, without the query.
  std::string_view path() const noexcept { return request_->path(); }

  ApiQuery query;

  // The first header field named `name`, case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const noexcept {
    return request_->header(name);
  }
  std::span<const http::Header> headers() const noexcept { return request_->headers(); }
  // The Cookie header parsed: values percent-decoded, the first of duplicate
  // names wins (Next's req.cookies).
  const RequestCookies& cookies() const { return request_->cookies(); }

  // The body parsed by Content-Type (see docs/pages-router.md):
  //   application/json, application/ld+json → the JSON value ({} when empty);
  //   application/x-www-form-urlencoded     → object of strings / arrays;
  //   anything else, or none                → the text as a string ("" when
  //                                            there is no body).
  // Null when the route's ApiConfig has body_parser = false.
  const boost::json::value& body() const noexcept { return body_; }
  // The body bytes as received (de-chunked).
  std::string_view raw_body() const noexcept { return request_->text(); }

  // The route's path params alone, and the underlying request.
  const router::Params& params() const noexcept { return *params_; }
  const Request& request() const noexcept { return *request_; }

 private:
  const Request* request_;
  const router::Params* params_;
  boost::json::value body_;
};

}  // namespace spur
