#pragma once
// URL pieces that every request passes through before routing: path
// normalisation, and query/form decoding. (Strict segment decoding and UTF-8
// checks are the router's: src/router/percent_decode.hpp.)
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spur::detail {

// Lenient decoding for queries and urlencoded forms, as browsers' URLSearchParams
// and Node's querystring do: '+' is a space, a malformed '%' stays literally,
// and invalid UTF-8 becomes U+FFFD.
std::string form_decode(std::string_view in);

// `a=1&b=2&a=3` → {{"a","1"},{"b","2"},{"a","3"}}; `z` → {"z",""}; empty parts skipped.
std::vector<std::pair<std::string, std::string>> parse_urlencoded(std::string_view s);

// The path every later stage sees (RFC 3986 §6.2.2): percent-encoded
// unreserved characters decoded, dot segments resolved. Empty segments (`//`)
// and a trailing slash are not silently fixed: they answer a 308 to the
// normalised form, as Next.js does, so each resource has one URL.
struct NormalizedPath {
  enum class Verdict { ok, redirect, bad_request };
  Verdict verdict = Verdict::ok;
  // The normalised path (for redirect: the Location path); empty when `raw`
  // was already normal, so the common case allocates nothing.
  std::string path;
};
NormalizedPath normalize_path(std::string_view raw);

}  // namespace spur::detail
