#pragma once
// AppConfig::security_headers: hardening headers on every response, unless
// the handler set that header itself.
#include "spur/builtins/options.hpp"
#include "spur/core/response.hpp"

namespace spur::detail {

void add_security_headers(const SecurityHeaders& headers, Response& response);

}  // namespace spur::detail
