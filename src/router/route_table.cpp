#include "spur/router/route_table.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <utility>

namespace spur::router {
namespace {

int precedence_rank(SegmentKind kind) noexcept {
  switch (kind) {
    case SegmentKind::static_text: return 0;
    case SegmentKind::dynamic: return 1;
    case SegmentKind::catch_all: return 2;
    case SegmentKind::optional_catch_all: return 3;
  }
  return 4;
}

// Segment-wise rather than on the display string, so that the order is the
// tree's: /api/a/b sorts before /api/a-b although '-' < '/' in ASCII.
bool precedes(const RouteEntry& a, const RouteEntry& b) {
  bool a_static = a.pattern.is_static(), b_static = b.pattern.is_static();
  if (a_static != b_static) return a_static;
  const auto& sa = a.pattern.segments();
  const auto& sb = b.pattern.segments();
  for (std::size_t i = 0; i < sa.size() && i < sb.size(); ++i) {
    int ra = precedence_rank(sa[i].kind), rb = precedence_rank(sb[i].kind);
    if (ra != rb) return ra < rb;
    if (sa[i].kind == SegmentKind::static_text && sa[i].text != sb[i].text) {
      return sa[i].text < sb[i].text;
    }
  }
  if (sa.size() != sb.size()) return sa.size() < sb.size();
  return a.file < b.file;  // only clashing entries get here; keeps errors deterministic
}

// Shapes and displays of a pattern's first n segments; "/" for none.
std::string prefix_shape(const RoutePattern& pattern, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += "/" + segment_shape(pattern.segments()[i]);
  return out.empty() ? "/" : out;
}

std::string prefix_display(const RoutePattern& pattern, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += "/" + segment_display(pattern.segments()[i]);
  return out.empty() ? "/" : out;
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

class ClashChecker {
 public:
  std::vector<std::string> check(const std::vector<RouteEntry>& entries) {
    std::vector<const RouteEntry*> distinct = without_duplicate_shapes(entries);
    for (const RouteEntry* entry : distinct) check_param_names(*entry);
    for (const RouteEntry* entry : distinct) check_catch_all_kinds(*entry);
    for (const RouteEntry* entry : distinct) check_optional_catch_all_prefix(*entry);
    return std::move(errors_);
  }

 private:
  // Reports every entry whose shape an earlier one already has; the later
  // rules see each shape once, so one mistake is not reported twice.
  std::vector<const RouteEntry*> without_duplicate_shapes(const std::vector<RouteEntry>& entries) {
    std::vector<const RouteEntry*> distinct;
    for (const RouteEntry& entry : entries) {
      auto [it, inserted] = by_shape_.try_emplace(entry.pattern.shape(), &entry);
      if (inserted) {
        distinct.push_back(&entry);
        continue;
      }
      const RouteEntry& first = *it->second;
      std::string message = first.file + " and " + entry.file + " both define ";
      if (first.pattern.display() == entry.pattern.display()) {
        message += entry.pattern.display();
      } else {
        message += "the URL pattern " + entry.pattern.shape() + " (" + first.pattern.display() +
                   " and " + entry.pattern.display() + ")";
      }
      errors_.push_back(std::move(message));
    }
    return distinct;
  }

  // Next.js keeps one parameter name per position of the route tree; two
  // names there would make the matched name depend on the rest of the path.
  void check_param_names(const RouteEntry& entry) {
    const auto& segments = entry.pattern.segments();
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (segments[i].kind == SegmentKind::static_text) continue;
      std::string position = prefix_shape(entry.pattern, i + 1);
      auto [it, inserted] = param_owner_.try_emplace(position, &entry);
      if (inserted) continue;
      const RouteEntry& first = *it->second;
      const std::string& first_name = first.pattern.segments()[i].text;
      if (first_name == segments[i].text) continue;
      if (!reported_names_.insert({position, segments[i].text}).second) continue;
      errors_.push_back(first.file + " and " + entry.file +
                        " use different parameter names for the same dynamic segment: " +
                        prefix_display(first.pattern, i + 1) + " and " +
                        prefix_display(entry.pattern, i + 1) + " (" + quoted(first_name) +
                        " !== " + quoted(segments[i].text) + ")");
    }
  }

  // /x/[...a] and /x/[[...b]] both match /x/anything; Next.js refuses the pair.
  void check_catch_all_kinds(const RouteEntry& entry) {
    const auto& segments = entry.pattern.segments();
    if (segments.empty()) return;
    SegmentKind last = segments.back().kind;
    if (last != SegmentKind::catch_all && last != SegmentKind::optional_catch_all) return;
    std::string prefix = prefix_shape(entry.pattern, segments.size() - 1);
    auto& [catch_all, optional] = catch_alls_[prefix];
    // Each slot is filled once (equal shapes were set aside), so a pair is reported once.
    (last == SegmentKind::catch_all ? catch_all : optional) = &entry;
    if (catch_all && optional) {
      errors_.push_back(catch_all->file + " and " + optional->file +
                        " put a catch-all and an optional catch-all after the same prefix: " +
                        catch_all->pattern.display() + " and " + optional->pattern.display());
    }
  }

  // /x/[[...a]] also matches /x itself, so a route for /x could never be
  // told apart from it.
  void check_optional_catch_all_prefix(const RouteEntry& entry) {
    const auto& segments = entry.pattern.segments();
    if (segments.empty() || segments.back().kind != SegmentKind::optional_catch_all) return;
    auto bare = by_shape_.find(prefix_shape(entry.pattern, segments.size() - 1));
    if (bare == by_shape_.end()) return;
    const RouteEntry& other = *bare->second;
    errors_.push_back(other.file + " and " + entry.file + " both match " + other.pattern.display() +
                      ": the optional catch-all " + entry.pattern.display() +
                      " also matches its bare prefix");
  }

  std::map<std::string, const RouteEntry*, std::less<>> by_shape_;
  std::map<std::string, const RouteEntry*, std::less<>> param_owner_;
  std::set<std::pair<std::string, std::string>> reported_names_;
  std::map<std::string, std::pair<const RouteEntry*, const RouteEntry*>, std::less<>> catch_alls_;
  std::vector<std::string> errors_;
};

}  // namespace

RouteTableResult build_route_table(std::vector<RouteEntry> entries) {
  std::stable_sort(entries.begin(), entries.end(), precedes);
  std::vector<std::string> errors = ClashChecker().check(entries);
  if (!errors.empty()) return {RouteTable(), std::move(errors)};
  return {RouteTable(std::move(entries)), {}};
}

}  // namespace spur::router
