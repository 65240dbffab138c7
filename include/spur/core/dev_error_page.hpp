#pragma once
// What `spur dev` answers for a route that does not compile or a handler that
// threw: the details a developer needs, as JSON, or as an HTML page for a
// browser. Never used outside development (AppOptions::dev).
#include <string>
#include <string_view>

#include "spur/core/response.hpp"

namespace spur::detail {

struct DevError {
  std::string_view error;    // "Compile error", "Internal Server Error"
  std::string_view message;  // the compiler's or the exception's message
  std::string_view file;     // the route file, relative to the app
  int line = 0;              // 0 when unknown
  int column = 0;
  std::string_view source;  // a few lines around `line`, "N\ttext" each; may be empty
};

// True when the Accept header ranks text/html above application/json, as a
// browser's does; curl's `*/*` and API clients get JSON.
bool prefers_html(std::string_view accept);

// A 500 in the shape `accept` prefers: JSON {"error","file","line","column",
// "message"} (line and column only when known), or a self-contained HTML page.
Response dev_error_response(const DevError& error, std::string_view accept);

// Lines line-2 .. line+2 of `path`, each "N\ttext\n"; empty if unreadable.
std::string source_excerpt(const std::string& path, int line);

}  // namespace spur::detail
