#pragma once
// The value a handler returns. Header lines are kept pre-formatted, so
// serializing a response is one append, and a typical one allocates twice.
//
//   return Response::json(R"({"ok":true})", 201).header("Cache-Control", "no-store");
#include <string>
#include <string_view>

namespace spur {

class Response final {
 public:
  explicit Response(int status = 200) noexcept : status_(status) {}

  // Body `text` as text/plain; charset=utf-8.
  static Response text(std::string text, int status = 200);
  // A body that is already serialized JSON, as application/json.
  static Response json_text(std::string json, int status = 200);
  // No body, e.g. Response::empty(204).
  static Response empty(int status) { return Response(status); }

  // Appends a header line. Names and values must not contain CR or LF; a
  // value that does is replaced with nothing (never a header injection).
  Response& header(std::string_view name, std::string_view value) &;
  Response&& header(std::string_view name, std::string_view value) && {
    return std::move(header(name, value));
  }
  Response& body(std::string b) & {
    body_ = std::move(b);
    return *this;
  }
  Response& status(int s) & noexcept {
    status_ = s;
    return *this;
  }

  int status() const noexcept { return status_; }
  const std::string& body() const noexcept { return body_; }
  // "Name: value\r\n" lines, in the order added.
  std::string_view header_lines() const noexcept { return fields_; }
  // The first value of `name`, case-insensitively, or empty.
  std::string_view header_value(std::string_view name) const noexcept;

 private:
  int status_;
  std::string fields_;
  std::string body_;
};

}  // namespace spur
