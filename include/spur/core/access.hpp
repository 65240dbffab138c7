#pragma once
// For the framework only: what the pipeline, the adapters and the generated
// glue set and read on a Request, a Response or a BodyStream, kept out of
// those classes' public interface. Route code has no use for any of it.
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "spur/core/body_stream.hpp"
#include "spur/core/request.hpp"
#include "spur/core/response.hpp"

namespace spur::detail {

struct RequestAccess {
  static const http::RequestHead& head(const Request& r) noexcept { return *r.head_; }
  // The path after normalisation, when it differs from the one sent.
  static void set_path(Request& r, std::string path) { r.normalized_path_ = std::move(path); }
  // A middleware rewrite's path and query ("" for none).
  static void rewrite(Request& r, std::string path, std::string query);
  static void set_client_address(Request& r, std::string_view address) noexcept {
    r.client_address_ = address;
  }
  static void set_services(Request& r, const Services* services) noexcept {
    r.services_ = services;
  }
  static const Services* services(const Request& r) noexcept { return r.services_; }
  static void set_id(Request& r, std::string id) { r.id_ = std::move(id); }
  // The route file that answers, for logs and error pages.
  static void set_route(Request& r, std::string_view file) noexcept { r.route_ = file; }
  static std::string_view route(const Request& r) noexcept { return r.route_; }
  static void set_parsed_body(Request& r, std::shared_ptr<ParsedBody> parsed) noexcept {
    r.parsed_ = std::move(parsed);
  }
  static LogContext log_context(const Request& r) noexcept {
    return {r.method(), r.path(), r.route_, r.id_};
  }
};

struct ResponseAccess {
  // The streamed body's producer, shared so that it outlives the Response
  // while it runs; null when the body is not a stream.
  static std::shared_ptr<const StreamBody> stream(const Response& r) noexcept;
  // What runs on the connection after a 101; null for any other response.
  static std::shared_ptr<const WebSocketUpgrade> upgrade(const Response& r) noexcept;
  static void set_upgrade(Response& r, std::shared_ptr<const WebSocketUpgrade> upgrade) {
    r.payload_ = std::move(upgrade);
  }
  // Turns the set_signed_cookie()s into Set-Cookie fields signed with the
  // first of `secrets`. Throws std::runtime_error(`missing`) when there are
  // some to sign and no secret.
  static void sign_cookies(Response& r, std::span<const std::string> secrets,
                           std::string_view missing);
};

struct BodyStreamAccess {
  // The body arrives through `source` as it is read.
  static void attach(BodyStream& b, BodySource* source) noexcept { b.source_ = source; }
};

}  // namespace spur::detail
