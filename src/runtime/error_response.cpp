#include "runtime/error_response.hpp"

#include <cstdio>
#include <exception>

#include "runtime/dev_error_page.hpp"
#include "spur/runtime/http_error.hpp"

namespace spur::detail {

Response internal_error(const Request& request, std::string_view what,
                        std::string_view route_file) {
  std::string where = route_file.empty() ? std::string() : " (" + std::string(route_file) + ")";
  std::fprintf(stderr, "spur: error in handler for %.*s %.*s%s: %.*s\n",
               static_cast<int>(request.method().size()), request.method().data(),
               static_cast<int>(request.path().size()), request.path().data(), where.c_str(),
               static_cast<int>(what.size()), what.data());
  return Response::json_text(error_body("Internal Server Error"), 500);
}

Response response_for_exception(std::exception_ptr error, const Request& request,
                                std::string_view route_file, bool dev) {
  std::string what;
  try {
    std::rethrow_exception(error);
  } catch (const HttpError& e) {
    return Response::json_text(error_body(e.what()), e.status());
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "unknown exception";
  }
  Response response = internal_error(request, what, route_file);
  if (!dev) return response;
  return dev_error_response({.error = "Internal Server Error", .message = what, .file = route_file},
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
