#pragma once
// A route file's URL pattern, and the pure function that derives it from the
// file's path. Both Next.js conventions are understood:
//   app/api/posts/[id]/route.cpp   -> /api/posts/[id]   (App Router)
//   pages/api/users/[id].cpp       -> /api/users/[id]   (Pages Router)
// No file system access happens here: discover.hpp walks the folders and feeds
// each path in, so every naming rule is testable with plain strings.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace spur::router {

// Which Next.js convention a route file follows; it decides the handler shape
// (`GET(Request&)` functions for app, `handler(req, res)` for pages).
enum class Convention : std::uint8_t { app, pages };

// The kinds of URL segment, in precedence order: at any position a static
// segment is tried before a dynamic one, which is tried before a catch-all.
enum class SegmentKind : std::uint8_t {
  static_text,         // `users`: matches exactly these bytes
  dynamic,             // `[id]`: matches any one segment
  catch_all,           // `[...slug]`: one or more segments, always last
  optional_catch_all,  // `[[...slug]]`: zero or more segments, always last
};

struct Segment {
  SegmentKind kind = SegmentKind::static_text;
  std::string text;  // the literal for static_text, the parameter name otherwise

  friend bool operator==(const Segment&, const Segment&) = default;
};

// One segment as written in a pattern (`users`, `[id]`, `[...slug]`,
// `[[...slug]]`), and with its name erased (`users`, `[]`, `[...]`, `[[...]]`).
std::string segment_display(const Segment& segment);
std::string segment_shape(const Segment& segment);

// A parameter a pattern captures, in URL order.
struct ParamSpec {
  std::string name;
  SegmentKind kind = SegmentKind::dynamic;

  friend bool operator==(const ParamSpec&, const ParamSpec&) = default;
};

// The file is not a route: it is a helper, a header, or inside a private
// folder. Not an error; the build just does not route it.
struct NotARoute {
  friend bool operator==(NotARoute, NotARoute) = default;
};

// The file is meant to be a route but its path breaks a naming rule. The
// message names the file and says what to change.
struct PatternError {
  std::string message;
};

// Declared ahead of RoutePattern, whose validating constructor only this function may use.
class RoutePattern;
using RouteFileResult = std::variant<RoutePattern, NotARoute, PatternError>;
RouteFileResult route_pattern_from_file(std::string_view relative_path);

// A validated URL pattern. Only route_pattern_from_file() makes non-root ones,
// so a pattern always satisfies the rules: catch-alls last, valid and distinct
// parameter names.
class RoutePattern final {
 public:
  // The root pattern `/` of the app convention.
  RoutePattern() : RoutePattern(Convention::app, {}) {}

  Convention convention() const noexcept { return convention_; }
  const std::vector<Segment>& segments() const noexcept { return segments_; }

  // `/api/posts/[id]`, `/api/files/[...path]`, `/`: what users wrote.
  const std::string& display() const noexcept { return display_; }
  // The display with parameter names erased (`/api/posts/[]`, `[...]`,
  // `[[...]]`): two patterns with the same shape match the same URLs.
  const std::string& shape() const noexcept { return shape_; }

  std::vector<ParamSpec> params() const;
  // True when every segment is static: the pattern matches exactly one path.
  bool is_static() const noexcept;

  friend bool operator==(const RoutePattern& a, const RoutePattern& b) noexcept {
    return a.convention_ == b.convention_ && a.segments_ == b.segments_;
  }

 private:
  RoutePattern(Convention convention, std::vector<Segment> segments);
  friend RouteFileResult route_pattern_from_file(std::string_view relative_path);

  Convention convention_;
  std::vector<Segment> segments_;
  std::string display_;
  std::string shape_;
};

// Derives the URL pattern of a file from its path relative to the app root,
// '/'-separated.
//
// App Router (`app/...`): only files named `route.cpp` are routes. Route groups
// `(name)` are left out of the URL; a folder starting with `_` is private and
// makes everything under it not a route; a folder starting with `%5F` is a URL
// segment starting with `_`. `app/route.cpp` is `/`.
// Pages Router (`pages/api/...` only): every `.cpp` file is a route; `index.cpp`
// is its folder's own path; files and folders starting with `_`, and hidden
// files (starting with `.`), are not routes.
// Segments: `name`, `[name]`, `[...name]`, `[[...name]]`. A parameter name is
// ASCII letters, digits, `_` and `-`, and starts with a letter or `_`.
//
// Example:
//   auto r = route_pattern_from_file("app/api/(admin)/users/[id]/route.cpp");
//   std::get<RoutePattern>(r).display() == "/api/users/[id]"
RouteFileResult route_pattern_from_file(std::string_view relative_path);

}  // namespace spur::router
