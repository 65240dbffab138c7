#pragma once
// What spur::fetch answers: the status, the headers and the whole body
// (decoded), read as text, JSON or a described struct.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spur/core/json.hpp"

namespace spur {

class FetchResponse {
 public:
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string url;          // the final URL, after redirects
  bool redirected = false;  // at least one redirect was followed

  bool ok() const noexcept { return status >= 200 && status <= 299; }
  // The first header `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const noexcept;
  const std::string& text() const noexcept { return body_; }
  // The body as JSON; a body that is not JSON throws FetchError(protocol),
  // a 502 naming the upstream.
  boost::json::value json() const;
  // The body into T (a described struct, a container…); a mismatch throws a
  // 502 whose message names the upstream and the field.
  template <typename T>
  T json() const {
    const boost::json::value value = json();
    try {
      detail::Issues issues;
      T out = detail::decode_json<T>(value, detail::JsonPath{}, issues);
      issues.raise_if_any();
      return out;
    } catch (const ValidationError& e) {
      throw_mismatch(e.issues().front().message);
    }
  }

  // Set by the client.
  std::string body_;

 private:
  [[noreturn]] void throw_mismatch(std::string_view what) const;
};

}  // namespace spur
