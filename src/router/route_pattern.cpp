#include "spur/router/route_pattern.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace spur::router {
namespace {

constexpr std::string_view app_prefix = "app/";
constexpr std::string_view pages_prefix = "pages/api/";
constexpr std::string_view app_route_file = "route.cpp";
constexpr std::string_view source_extension = ".cpp";

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t begin = 0;
  while (true) {
    std::size_t slash = path.find('/', begin);
    if (slash == std::string_view::npos) {
      parts.push_back(path.substr(begin));
      return parts;
    }
    parts.push_back(path.substr(begin, slash - begin));
    begin = slash + 1;
  }
}

bool is_ascii_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Parameter names become keys that handlers look up (`params["id"]`) and, in
// the Pages convention, query keys; Next.js also allows '-' in them.
bool is_valid_param_name(std::string_view name) noexcept {
  if (name.empty() || !(is_ascii_letter(name.front()) || name.front() == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return is_ascii_letter(c) || is_ascii_digit(c) || c == '_' || c == '-';
  });
}

// RFC 3986 pchar without '%'. The matcher compares static segments with the
// request path byte for byte, and the caller decodes only unreserved characters,
// so a static segment holding anything else (a space, '%', non-ASCII) could
// never be reached.
bool is_static_segment_char(char c) noexcept {
  if (is_ascii_letter(c) || is_ascii_digit(c)) return true;
  return std::string_view("-._~!$&'()*+,;=:@").find(c) != std::string_view::npos;
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string describe_char(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte >= 0x7f) return "a non-ASCII or control character";
  return quoted(std::string_view(&c, 1));
}

// A segment, or the reason the text cannot be one (without the file name).
using SegmentResult = std::variant<Segment, std::string>;

SegmentResult parse_static(std::string_view text, std::string_view literal) {
  for (char c : literal) {
    if (!is_static_segment_char(c)) {
      return quoted(text) + " contains " + describe_char(c) +
             ", which a URL path cannot carry unencoded; static segments may use letters, "
             "digits and -._~!$&'()*+,;=:@";
    }
  }
  return Segment{SegmentKind::static_text, std::string(literal)};
}

SegmentResult parse_parameter(std::string_view text) {
  auto opens = std::count(text.begin(), text.end(), '[');
  auto closes = std::count(text.begin(), text.end(), ']');
  if (opens != closes) return quoted(text) + " has unbalanced brackets";
  if (text.front() != '[' || text.back() != ']') {
    return quoted(text) +
           " mixes literal text and a parameter; a parameter is a whole segment, like [id]";
  }
  bool optional = text.size() >= 4 && text.starts_with("[[") && text.ends_with("]]");
  std::string_view inner =
      optional ? text.substr(2, text.size() - 4) : text.substr(1, text.size() - 2);
  if (inner.find_first_of("[]") != std::string_view::npos) {
    return quoted(text) + " must hold exactly one parameter: [name], [...name] or [[...name]]";
  }
  if (inner.starts_with("\xE2\x80\xA6")) {
    return quoted(text) + " uses the ellipsis character '\xE2\x80\xA6'; did you mean '...'?";
  }
  bool catch_all = inner.starts_with("...");
  if (catch_all) inner.remove_prefix(3);
  if (optional && !catch_all) {
    return quoted(text) + ": only catch-alls can be optional; write [[..." + std::string(inner) +
           "]]";
  }
  if (inner.empty()) return quoted(text) + " has an empty parameter name";
  if (!is_valid_param_name(inner)) {
    return "parameter name " + quoted(inner) + " in " + quoted(text) +
           " must be ASCII letters, digits, '_' or '-', starting with a letter or '_'";
  }
  SegmentKind kind = !catch_all ? SegmentKind::dynamic
                     : optional ? SegmentKind::optional_catch_all
                                : SegmentKind::catch_all;
  return Segment{kind, std::string(inner)};
}

SegmentResult parse_segment(std::string_view text) {
  if (text.find_first_of("[]") != std::string_view::npos) return parse_parameter(text);
  return parse_static(text, text);
}

// An App Router folder: a segment, nothing (a route group), or an error.
std::variant<Segment, std::monostate, std::string> parse_app_folder(std::string_view folder) {
  if (folder.starts_with("(.)") || folder.starts_with("(..)") || folder.starts_with("(...)")) {
    return quoted(folder) +
           " is an intercepting route, a page feature; route handlers cannot use one";
  }
  if (folder.starts_with('(')) {
    std::string_view group = folder.substr(1);
    if (!group.ends_with(')') || group.find_first_of("()") != group.size() - 1) {
      return quoted(folder) + " is not a route group; a group is a folder named (name)";
    }
    if (group.size() == 1) return quoted(folder) + " is an empty route group";
    return std::monostate{};
  }
  if (folder.starts_with('@')) {
    return quoted(folder) +
           " is a parallel-route slot, a page feature; route handlers cannot live in one";
  }
  // Next.js's escape for a URL segment that starts with '_', which would
  // otherwise be a private folder.
  if (folder.size() >= 3 && folder[0] == '%' && folder[1] == '5' &&
      (folder[2] == 'F' || folder[2] == 'f')) {
    SegmentResult rest = parse_static(folder, folder.substr(3));
    if (auto* error = std::get_if<std::string>(&rest)) return std::move(*error);
    std::get<Segment>(rest).text.insert(0, 1, '_');
    return std::get<Segment>(std::move(rest));
  }
  SegmentResult segment = parse_segment(folder);
  if (auto* error = std::get_if<std::string>(&segment)) return std::move(*error);
  return std::get<Segment>(std::move(segment));
}

std::string_view segment_label(SegmentKind kind) {
  switch (kind) {
    case SegmentKind::catch_all: return "catch-all";
    case SegmentKind::optional_catch_all: return "optional catch-all";
    default: return "parameter";
  }
}

// Rules about the segments taken together; nullopt when they hold.
std::optional<std::string> check_segments(const std::vector<Segment>& segments) {
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const Segment& segment = segments[i];
    if (segment.kind == SegmentKind::static_text) continue;
    if ((segment.kind == SegmentKind::catch_all ||
         segment.kind == SegmentKind::optional_catch_all) &&
        i + 1 != segments.size()) {
      return std::string(segment_label(segment.kind)) + " " + segment_display(segment) +
             " must be the last segment";
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (segments[j].kind != SegmentKind::static_text && segments[j].text == segment.text) {
        return "parameter " + quoted(segment.text) +
               " appears twice; each parameter of a path needs its own name";
      }
    }
  }
  return std::nullopt;
}

PatternError file_error(std::string_view file, std::string_view problem) {
  return PatternError{std::string(file) + ": " + std::string(problem)};
}

}  // namespace

std::string segment_display(const Segment& segment) {
  switch (segment.kind) {
    case SegmentKind::static_text: return segment.text;
    case SegmentKind::dynamic: return "[" + segment.text + "]";
    case SegmentKind::catch_all: return "[..." + segment.text + "]";
    case SegmentKind::optional_catch_all: return "[[..." + segment.text + "]]";
  }
  return segment.text;
}

std::string segment_shape(const Segment& segment) {
  switch (segment.kind) {
    case SegmentKind::static_text: return segment.text;
    case SegmentKind::dynamic: return "[]";
    case SegmentKind::catch_all: return "[...]";
    case SegmentKind::optional_catch_all: return "[[...]]";
  }
  return segment.text;
}

RoutePattern::RoutePattern(Convention convention, std::vector<Segment> segments)
    : convention_(convention), segments_(std::move(segments)) {
  for (const Segment& segment : segments_) {
    display_ += '/';
    display_ += segment_display(segment);
    shape_ += '/';
    shape_ += segment_shape(segment);
  }
  if (segments_.empty()) display_ = shape_ = "/";
}

std::vector<ParamSpec> RoutePattern::params() const {
  std::vector<ParamSpec> params;
  for (const Segment& segment : segments_) {
    if (segment.kind != SegmentKind::static_text) params.push_back({segment.text, segment.kind});
  }
  return params;
}

bool RoutePattern::is_static() const noexcept {
  return std::all_of(segments_.begin(), segments_.end(),
                     [](const Segment& s) { return s.kind == SegmentKind::static_text; });
}

RouteFileResult route_pattern_from_file(std::string_view relative_path) {
  Convention convention;
  std::string_view inside;  // the path below the convention's root folder
  if (relative_path.starts_with(app_prefix)) {
    convention = Convention::app;
    inside = relative_path.substr(app_prefix.size());
  } else if (relative_path.starts_with(pages_prefix)) {
    convention = Convention::pages;
    inside = relative_path.substr(pages_prefix.size());
  } else {
    return NotARoute{};
  }

  std::vector<std::string_view> parts = split_path(inside);
  for (std::string_view part : parts) {
    if (part.empty() || part == "." || part == "..") {
      return file_error(relative_path, "not a normalised relative path");
    }
  }
  std::string_view file_name = parts.back();
  parts.pop_back();
  std::vector<Segment> segments;

  if (convention == Convention::app) {
    if (file_name != app_route_file) return NotARoute{};
    // A private folder takes its whole subtree out of routing, whatever the
    // names below it, so this is checked before any name is validated.
    for (std::string_view folder : parts) {
      if (folder.starts_with('_')) return NotARoute{};
    }
    for (std::string_view folder : parts) {
      auto parsed = parse_app_folder(folder);
      if (auto* error = std::get_if<std::string>(&parsed)) return file_error(relative_path, *error);
      if (auto* segment = std::get_if<Segment>(&parsed)) segments.push_back(std::move(*segment));
    }
  } else {
    if (!file_name.ends_with(source_extension)) return NotARoute{};
    // Hidden files are editor back-ups and lock files, never routes.
    if (file_name.starts_with('.')) return NotARoute{};
    if (file_name.starts_with('_')) return NotARoute{};
    for (std::string_view folder : parts) {
      if (folder.starts_with('_')) return NotARoute{};
    }
    segments.push_back({SegmentKind::static_text, "api"});
    std::string_view stem = file_name.substr(0, file_name.size() - source_extension.size());
    parts.push_back(stem);
    // `index.cpp` is its folder's own path; a folder named `index` is not special.
    if (stem == "index") parts.pop_back();
    for (std::string_view part : parts) {
      SegmentResult parsed = parse_segment(part);
      if (auto* error = std::get_if<std::string>(&parsed)) return file_error(relative_path, *error);
      segments.push_back(std::get<Segment>(std::move(parsed)));
    }
  }

  if (auto problem = check_segments(segments)) return file_error(relative_path, *problem);
  return RoutePattern(convention, std::move(segments));
}

}  // namespace spur::router
