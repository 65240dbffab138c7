#pragma once
// Path normalisation, which every request passes through before routing.
#include <string>
#include <string_view>

namespace spur::detail {

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
