#pragma once
// A header field as the parser yields it: two views into the connection's buffer.
#include <string_view>

namespace spur::http {

struct Header {
  std::string_view name;
  std::string_view value;
};

}  // namespace spur::http
