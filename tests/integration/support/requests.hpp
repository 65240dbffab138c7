#pragma once
// Request bytes for the raw-socket tests, and a JSON document generator whose
// output is already in the form the echo route serializes (so echo == input).
#include <cstddef>
#include <string>
#include <string_view>

namespace spur::integration {

// "GET /path HTTP/1.1" with a Host field, any `extra` header lines (each
// ending in CRLF), and the blank line.
inline std::string get_request(std::string_view target, std::string_view extra = {},
                               std::string_view version = "HTTP/1.1") {
  std::string r = "GET ";
  r += target;
  r += ' ';
  r += version;
  r += "\r\nHost: localhost\r\n";
  r += extra;
  r += "\r\n";
  return r;
}

// A POST with a Content-Length body.
inline std::string post_request(std::string_view target, std::string_view body,
                                std::string_view extra = {}) {
  std::string r = "POST ";
  r += target;
  r += " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ";
  r += std::to_string(body.size());
  r += "\r\n";
  r += extra;
  r += "\r\n";
  r += body;
  return r;
}

// A compact JSON document of at least `min_bytes`, serialized the way
// boost::json::serialize writes it (no whitespace, keys in order).
inline std::string json_document(std::size_t min_bytes) {
  std::string s = R"({"items":[)";
  for (std::size_t i = 0; s.size() < min_bytes; ++i) {
    if (i) s += ',';
    s += R"({"id":)" + std::to_string(i) + R"(,"name":"item-)" + std::to_string(i) +
         R"(","tags":["a","b"],"ok":true})";
  }
  s += "]}";
  return s;
}

inline std::string hex(std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), digits[n % 16]);
    n /= 16;
  } while (n);
  return s;
}

inline constexpr std::string_view hello_body = R"({"message":"Hello from Next.js!"})";

}  // namespace spur::integration
