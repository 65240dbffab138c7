#pragma once
// What req.json<T>() reports when a body does not fit T or its rules
// (rules.hpp): every problem at once, each with where it is, a stable code and
// a sentence, answered as
//   400 {"error": "Invalid body: 'title' is required",
//        "issues": [{"path": "title", "code": "required", "message": "'title' is required"},
//                   {"path": "tags[2]", "code": "too_big", "message": "…"}]}
// Codes: invalid_type, required, too_small, too_big, invalid_format,
// invalid_value, unrecognized_keys, custom. At most Issues::max are listed.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "spur/core/http_error.hpp"

namespace spur {

struct Issue {
  std::string path;  // "meta.tags[2]"; empty for the whole body
  std::string code;
  std::string message;
};

// HttpError(400) whose message is the first issue's ("Invalid body: …") and
// whose answer lists them all.
class ValidationError : public HttpError {
 public:
  explicit ValidationError(std::vector<Issue> issues);
  const std::vector<Issue>& issues() const noexcept { return issues_; }

 private:
  std::vector<Issue> issues_;
};

namespace detail {

// Where a value sits in the body: a chain of frames on the decoder's stack,
// free to build, turned into text ("meta.scores[0].value") only for an issue.
struct JsonPath {
  const JsonPath* parent = nullptr;
  std::string_view key;  // a member name or map key, unless is_index
  std::size_t index = 0;
  bool is_index = false;
};

std::string to_string(const JsonPath& path);

// The issues of one decode, in the order found.
class Issues {
 public:
  static constexpr std::size_t max = 100;

  // Adds "'<path>' <what>" (e.g. what = "must be a string"); once `max` are
  // listed, throws the ValidationError rather than look further.
  void add(const JsonPath& path, std::string_view code, std::string_view what);
  // For the whole body: "expected an object".
  void add_root(std::string_view code, std::string message);
  std::size_t size() const noexcept { return list_.size(); }
  // Throws the ValidationError when there is any issue.
  void raise_if_any();

 private:
  std::vector<Issue> list_;
};

}  // namespace detail
}  // namespace spur
