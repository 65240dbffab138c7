#include "spur/router/matcher.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "spur/text/percent.hpp"

namespace spur::router {
namespace {

constexpr std::size_t no_route = static_cast<std::size_t>(-1);

// Splits "/seg/rest..." into "seg" and "/rest...".
std::pair<std::string_view, std::string_view> next_segment(std::string_view rest) noexcept {
  std::size_t end = rest.find('/', 1);
  if (end == std::string_view::npos) return {rest.substr(1), {}};
  return {rest.substr(1, end - 1), rest.substr(end)};
}

}  // namespace

// Indices into table_.entries(). Catch-alls are always last in a pattern, so
// they are leaves and need no node of their own.
struct Matcher::Node {
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> static_children;  // sorted by name
  std::unique_ptr<Node> dynamic_child;
  std::size_t route = no_route;               // a pattern that ends here
  std::size_t catch_all = no_route;           // `[...x]` below this node
  std::size_t optional_catch_all = no_route;  // `[[...x]]` below this node

  Node* static_child(std::string_view name) const noexcept {
    auto it =
        std::lower_bound(static_children.begin(), static_children.end(), name,
                         [](const auto& child, std::string_view n) { return child.first < n; });
    return it != static_children.end() && it->first == name ? it->second.get() : nullptr;
  }

  Node& static_child_or_insert(const std::string& name) {
    auto it =
        std::lower_bound(static_children.begin(), static_children.end(), name,
                         [](const auto& child, const std::string& n) { return child.first < n; });
    if (it == static_children.end() || it->first != name) {
      it = static_children.emplace(it, name, std::make_unique<Node>());
    }
    return *it->second;
  }
};

Matcher::Matcher(RouteTable table) : table_(std::move(table)), root_(std::make_unique<Node>()) {
  auto entries = table_.entries();
  for (std::size_t index = 0; index < entries.size(); ++index) {
    const RoutePattern& pattern = entries[index].pattern;
    if (pattern.is_static()) {
      static_routes_.emplace(pattern.display(), index);
      // Not in the tree: a static route matches only its own path, and the
      // map already answered for that path.
      continue;
    }
    Node* node = root_.get();
    for (const Segment& segment : pattern.segments()) {
      switch (segment.kind) {
        case SegmentKind::static_text: node = &node->static_child_or_insert(segment.text); break;
        case SegmentKind::dynamic:
          if (!node->dynamic_child) node->dynamic_child = std::make_unique<Node>();
          node = node->dynamic_child.get();
          break;
        case SegmentKind::catch_all: node->catch_all = index; break;
        case SegmentKind::optional_catch_all: node->optional_catch_all = index; break;
      }
    }
    if (pattern.segments().back().kind == SegmentKind::dynamic ||
        pattern.segments().back().kind == SegmentKind::static_text) {
      node->route = index;
    }
  }
}

Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;

// Depth-first, children in precedence order, backing out of a subtree that
// cannot consume the rest of the path. Recursion depth is bounded by the
// deepest pattern, not by the request, because a catch-all ends the descent.
std::size_t Matcher::find_route(const Node& node, std::string_view rest) const noexcept {
  if (rest.empty()) return node.route != no_route ? node.route : node.optional_catch_all;
  auto [segment, after] = next_segment(rest);
  if (const Node* child = node.static_child(segment)) {
    std::size_t found = find_route(*child, after);
    if (found != no_route) return found;
  }
  if (node.dynamic_child && !segment.empty()) {
    std::size_t found = find_route(*node.dynamic_child, after);
    if (found != no_route) return found;
  }
  if (node.catch_all != no_route) return node.catch_all;
  return node.optional_catch_all;
}

MatchResult Matcher::match(std::string_view path) const {
  if (auto it = static_routes_.find(path); it != static_routes_.end()) {
    return {MatchStatus::matched, table_.entries()[it->second].id, {}};
  }
  if (path.empty() || path.front() != '/') return {};
  std::size_t index = find_route(*root_, path == "/" ? std::string_view() : path);
  if (index == no_route) return {};
  return capture_params(index, path);
}

// The tree only says which route matched; this walks its pattern along the
// path again to decode the parameters. Decoding after the match, not during
// the search, is what Next.js does too: the route is chosen on the encoded
// path, then a bad escape in its parameters answers 400.
MatchResult Matcher::capture_params(std::size_t index, std::string_view path) const {
  const RouteEntry& entry = table_.entries()[index];
  MatchResult result{MatchStatus::matched, entry.id, {}};
  std::string_view rest = path == "/" ? std::string_view() : path;
  const auto& segments = entry.pattern.segments();
  result.params.reserve(static_cast<std::size_t>(
      std::count_if(segments.begin(), segments.end(),
                    [](const Segment& s) { return s.kind != SegmentKind::static_text; })));
  for (const Segment& segment : segments) {
    if (segment.kind == SegmentKind::static_text) {
      rest = next_segment(rest).second;
      continue;
    }
    if (segment.kind == SegmentKind::dynamic) {
      auto [raw, after] = next_segment(rest);
      rest = after;
      auto value = text::decode_uri_component(raw);
      if (!value) return {MatchStatus::bad_request, entry.id, {}};
      result.params.add(segment.text, std::move(*value));
      continue;
    }
    // A catch-all takes everything left; the optional one is absent when
    // nothing is left, as in Next.js.
    if (rest.empty()) break;
    Params::List values;
    while (!rest.empty()) {
      auto [raw, after] = next_segment(rest);
      rest = after;
      auto value = text::decode_uri_component(raw);
      if (!value) return {MatchStatus::bad_request, entry.id, {}};
      values.push_back(std::move(*value));
    }
    result.params.add(segment.text, std::move(values));
  }
  return result;
}

}  // namespace spur::router
