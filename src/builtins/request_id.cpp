#include "request_id.hpp"

#include <cstdint>
#include <random>

#include "spur/builtins/builtins.hpp"
#include "spur/core/access.hpp"
#include "spur/text/ascii.hpp"

namespace spur::detail {
namespace {

bool sane(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string new_request_id() {
  // Unpredictable enough for correlation (not a secret), and cheap: one
  // seeded generator per worker thread.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const std::uint64_t hi = rng(), lo = rng();
  unsigned char b[16];
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<unsigned char>(hi >> (8 * i));
    b[8 + i] = static_cast<unsigned char>(lo >> (8 * i));
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += text::hex_digit(b[i] >> 4);
    out += text::hex_digit(b[i]);
  }
  return out;
}

std::string request_id_for(std::string_view sent) {
  return sane(sent) ? std::string(sent) : new_request_id();
}

}  // namespace spur::detail

namespace spur::builtins {

Middleware request_id() {
  return [](Request& req, Next next) -> Async<Response> {
    std::string id = detail::request_id_for(req.header("x-request-id").value_or(""));
    req.set_header("x-request-id", id);
    detail::RequestAccess::set_id(req, id);
    Response response = co_await next();
    response.set_header("X-Request-Id", id);
    co_return response;
  };
}

}  // namespace spur::builtins
