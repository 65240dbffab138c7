#include "spur/core/error_boundary.hpp"

#include <atomic>
#include <string>

#include "spur/core/access.hpp"
#include "spur/core/cookie_signing.hpp"
#include "spur/core/dev_error_page.hpp"
#include "spur/core/error_body.hpp"
#include "spur/core/error_format.hpp"
#include "spur/core/http_error.hpp"
#include "spur/core/services.hpp"
#include "spur/core/validation.hpp"
#include "spur/router/params.hpp"
#include "spur/text/json_escape.hpp"

namespace spur::detail {
namespace {

// The exception's message; "unknown exception" for one that is not a std::exception.
std::string describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

// A 500: the dev error page with `what` in `spur dev`, a plain error otherwise.
Response error_or_dev_page(const Request& request, const std::string& what) {
  const Services* services = RequestAccess::services(request);
  if (!services || !services->dev) return error_response(request, 500, "Internal Server Error");
  return dev_error_response(
      {.error = "Internal Server Error", .message = what, .file = RequestAccess::route(request)},
      request.header("accept").value_or(""));
}

// The error body with `"issues":[…]` added as its last member.
std::string with_issues(std::string body, const std::vector<Issue>& issues) {
  if (body.empty() || body.back() != '}') return body;
  body.pop_back();
  body += ",\"issues\":[";
  for (std::size_t i = 0; i < issues.size(); ++i) {
    if (i > 0) body += ',';
    body += "{\"path\":";
    text::append_json_string(body, issues[i].path);
    body += ",\"code\":";
    text::append_json_string(body, issues[i].code);
    body += ",\"message\":";
    text::append_json_string(body, issues[i].message);
    body += '}';
  }
  body += "]}";
  return body;
}

// Whether the missing cookie secret has been logged by this process.
std::atomic<bool> missing_secret_logged{false};

}  // namespace

Response error_response(const Request& request, int status, std::string_view message) {
  const Services* services = RequestAccess::services(request);
  if (!services || !services->errors) return Response::json_text(error_body(message), status);
  return Response::json_text(error_body(message, *services->errors, status, request.id()), status);
}

Response answer_exception(std::exception_ptr error, const Request& request) {
  try {
    std::rethrow_exception(error);
  } catch (const ValidationError& e) {
    Response r = error_response(request, e.status(), e.what());
    r.body(with_issues(r.body(), e.issues()));
    return r;
  } catch (const HttpError& e) {
    Response r = error_response(request, e.status(), e.what());
    if (e.retry_after()) r.set_header("Retry-After", std::to_string(e.retry_after()->count()));
    return r;
  } catch (const router::InvalidParam& e) {
    return error_response(request, 400, e.what());
  } catch (const MissingCookieSecret&) {
    if (!missing_secret_logged.exchange(true))
      request.log().error(describe(error) +
                          " (logged once: until it is set, requests that sign or verify a cookie "
                          "answer 500)");
    return error_or_dev_page(request, describe(error));
  } catch (...) {
  }
  const std::string what = describe(error);
  request.log().error("error in handler: " + what);
  return error_or_dev_page(request, what);
}

void log_exception(std::exception_ptr error, const Request& request, std::string_view where) {
  request.log().error(std::string(where) + " failed: " + describe(error));
}

}  // namespace spur::detail
