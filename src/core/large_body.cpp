#include "spur/core/large_body.hpp"

#include <memory>

#include "spur/core/access.hpp"
#include "spur/core/offload.hpp"
#include "spur/text/ascii.hpp"

namespace spur::detail {
namespace {

enum class BodyKind { other, json, form };

BodyKind kind_of(const Request& req) noexcept {
  const std::string_view type = req.header("content-type").value_or("");
  const std::string_view essence = text::trim(type.substr(0, type.find(';')));
  if (text::iequals(essence, "application/x-www-form-urlencoded")) return BodyKind::form;
  if (text::iequals(essence, "application/json")) return BodyKind::json;
  const std::size_t plus = essence.rfind('+');
  if (essence.find('/') != std::string_view::npos && plus != std::string_view::npos &&
      text::iequals(essence.substr(plus), "+json"))
    return BodyKind::json;
  return BodyKind::other;
}

}  // namespace

bool parses_off_loop(const Request& req) noexcept {
  return req.text().size() >= large_body_bytes && current_scheduler() != nullptr &&
         kind_of(req) != BodyKind::other;
}

Async<void> parse_off_loop(Request& req) {
  const BodyKind kind = kind_of(req);
  const Request* source = &req;  // outlives the job: the handler awaits it
  auto parsed = co_await offload([source, kind] {
    auto out = std::make_shared<ParsedBody>();
    if (kind == BodyKind::form) {
      out->form.emplace(source->text());
    } else {
      try {
        out->json.emplace(source->json());
      } catch (const HttpError&) {
        out->invalid_json = true;
      }
    }
    return out;
  });
  RequestAccess::set_parsed_body(req, std::move(parsed));
}

}  // namespace spur::detail
