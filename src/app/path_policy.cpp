#include "path_policy.hpp"

#include <optional>

#include "normalize_path.hpp"

namespace spur::detail {
namespace {

// `path` without the base path; nullopt when it lies outside it.
std::optional<std::string_view> without_base_path(std::string_view path,
                                                  std::string_view base) noexcept {
  if (base.empty()) return path;
  if (!path.starts_with(base) || (path.size() > base.size() && path[base.size()] != '/'))
    return std::nullopt;
  return path.substr(base.size());
}

}  // namespace

ResolvedPath resolve_path(const http::RequestHead& head, const PathPolicy& policy) {
  using Kind = ResolvedPath::Kind;
  if (head.target_form != http::TargetForm::origin &&
      head.target_form != http::TargetForm::absolute)
    return {Kind::bad_request, {}};
  const std::optional<std::string_view> in_app = without_base_path(head.path, policy.base_path);
  if (!in_app) return {Kind::not_found, {}};
  std::string_view raw = *in_app;
  // The trailing-slash policy: `remove` is normalize_path's own redirect.
  bool had_slash = false;
  if (policy.trailing_slash != TrailingSlash::remove && raw.size() > 1 && raw.back() == '/') {
    raw.remove_suffix(1);
    had_slash = true;
  }
  if (raw.empty()) raw = "/";
  NormalizedPath normalized = normalize_path(raw);
  if (normalized.verdict == NormalizedPath::Verdict::bad_request) return {Kind::bad_request, {}};
  const std::string_view normal = normalized.path.empty() ? raw : std::string_view(normalized.path);
  bool redirect = normalized.verdict == NormalizedPath::Verdict::redirect;
  bool add_slash = false;
  if (policy.trailing_slash == TrailingSlash::add && normal != "/") {
    const std::string_view last = normal.substr(normal.rfind('/') + 1);
    // Files keep their name: /logo.png is not a folder.
    if (last.find('.') == std::string_view::npos) {
      redirect = redirect || !had_slash;
      add_slash = redirect;
    }
  }
  if (redirect) {
    std::string location = policy.base_path;
    // Browsers read a Location of /\evil.com as //evil.com, another host: a
    // backslash goes out percent-encoded.
    for (char c : normal) {
      if (c == '\\')
        location += "%5C";
      else
        location += c;
    }
    if (add_slash) location += '/';
    if (!head.query.empty() || head.target.find('?') != std::string_view::npos) {
      location += '?';
      location += head.query;
    }
    return {Kind::redirect, std::move(location)};
  }
  if (normal == head.path) return {Kind::route, {}};  // as sent: nothing to allocate
  return {Kind::route, std::string(normal)};
}

}  // namespace spur::detail
