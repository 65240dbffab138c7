#include "spur/pages/pages_route.hpp"

#include <cstdio>
#include <string>

#include "pages/body_parser.hpp"
#include "runtime/error_body.hpp"
#include "spur/wrap.hpp"

namespace spur {
namespace {

// Spur's policy (json-errors): what Next.js answers as a bare text phrase is
// a JSON body {"error": "..."} with the same status.
Response error_response(int status, std::string_view message) {
  return Response::json_text(detail::error_body(message), status);
}

void log_unsent(const Request& request) {
  std::fprintf(stderr,
               "spur: API handler for %.*s %.*s returned without sending a response "
               "(call res.json(), res.send(), res.end() or res.redirect()); answered 500\n",
               static_cast<int>(request.method().size()), request.method().data(),
               static_cast<int>(request.path().size()), request.path().data());
}

}  // namespace

Task<Response> detail::run_pages_next(void* context) {
  auto& c = *static_cast<PagesNext*>(context);
  ApiResponse res(c.request->request());
  co_await (*c.handler)(*c.request, res);
  c.unsent = !res.ended();
  if (c.unsent) co_return error_response(500, "API handler returned without sending a response");
  co_return res.take_response();
}

Task<Response> run_pages_route(const PagesHandler& handler, Request& request,
                               const router::Params& params, const ApiConfig& config) {
  using detail::pages::BodyError;
  boost::json::value body;
  if (config.body_parser) {
    detail::pages::ParsedBody parsed = detail::pages::parse_body(
        request.header("content-type"), request.text(), config.body_size_limit);
    switch (parsed.error) {
      case BodyError::none: body = std::move(parsed.value); break;
      case BodyError::invalid_body: co_return error_response(400, "Invalid body");
      case BodyError::invalid_json: co_return error_response(400, "Invalid JSON");
      case BodyError::too_large:
        co_return error_response(
            413,
            "Body exceeded " + detail::pages::format_size_limit(config.body_size_limit) + " limit");
    }
  } else if (request.text().size() > config.body_size_limit) {
    co_return error_response(
        413,
        "Body exceeded " + detail::pages::format_size_limit(config.body_size_limit) + " limit");
  }

  ApiRequest req(request, params, std::move(body));
  ApiResponse res(request);
  co_await handler(req, res);
  if (!res.ended()) {
    log_unsent(request);
    co_return error_response(500, "API handler returned without sending a response");
  }
  co_return res.take_response();
}

}  // namespace spur
