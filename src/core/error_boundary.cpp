#include "spur/core/error_response.hpp"

#include <cstdio>
#include <exception>

#include "spur/core/dev_error_page.hpp"
#include "spur/core/http_error.hpp"

namespace spur::detail {

Response internal_error(const Request& request, std::string_view what,
                        const ErrorContext& context) {
  const std::string_view route_file = context.route_file;
  std::string where = route_file.empty() ? std::string() : " (" + std::string(route_file) + ")";
  std::fprintf(stderr, "spur: error in handler for %.*s %.*s%s: %.*s\n",
               static_cast<int>(request.method().size()), request.method().data(),
               static_cast<int>(request.path().size()), request.path().data(), where.c_str(),
               static_cast<int>(what.size()), what.data());
  return error_response(500, "Internal Server Error", context);
}

Response error_response(int status, std::string_view message, const ErrorContext& context) {
  return Response::json_text(context.format
                                 ? error_body(message, *context.format, status, context.request_id)
                                 : error_body(message),
                             status);
}

Response response_for_exception(std::exception_ptr error, const Request& request,
                                const ErrorContext& context) {
  std::string what;
  try {
    std::rethrow_exception(error);
  } catch (const HttpError& e) {
    return error_response(e.status(), e.what(), context);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "unknown exception";
  }
  Response response = internal_error(request, what, context);
  if (!context.dev) return response;
  return dev_error_response(
      {.error = "Internal Server Error", .message = what, .file = context.route_file},
      request.header("accept").value_or(""));
}

Response take_result(Task<Response>& task, const Request& request) {
  try {
    return task.result();
  } catch (...) {
    return response_for_exception(std::current_exception(), request);
  }
}

}  // namespace spur::detail
