#include "spur/core/validation.hpp"

#include <utility>

namespace spur {

namespace {
std::string first_message(const std::vector<Issue>& issues) {
  return "Invalid body: " + (issues.empty() ? std::string("invalid") : issues.front().message);
}
}  // namespace

ValidationError::ValidationError(std::vector<Issue> issues)
    : HttpError(400, first_message(issues)), issues_(std::move(issues)) {}

namespace detail {

// "meta.scores[0].value"; empty for the whole body.
std::string to_string(const JsonPath& path) {
  std::vector<const JsonPath*> frames;
  for (const JsonPath* p = &path; p->parent; p = p->parent) frames.push_back(p);
  std::string out;
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
    const JsonPath& frame = **it;
    if (frame.is_index) {
      out += '[';
      out += std::to_string(frame.index);
      out += ']';
    } else {
      if (!out.empty()) out += '.';
      out += frame.key;
    }
  }
  return out;
}

void Issues::add(const JsonPath& path, std::string_view code, std::string_view what) {
  std::string where = to_string(path);
  std::string message = "'" + where + "' ";
  message += what;
  list_.push_back({std::move(where), std::string(code), std::move(message)});
  if (list_.size() >= max) raise_if_any();
}

void Issues::add_root(std::string_view code, std::string message) {
  list_.push_back({"", std::string(code), std::move(message)});
  if (list_.size() >= max) raise_if_any();
}

void Issues::raise_if_any() {
  if (!list_.empty()) throw ValidationError(std::exchange(list_, {}));
}

}  // namespace detail
}  // namespace spur
