// What each scheme reads from a Request (the raw body, its headers) and the
// log line of a refusal; the checks themselves are in stripe.cpp, github.cpp
// and standard.cpp, which need no Request (and are fuzzed alone).
#include "payload.hpp"
#include "signing.hpp"
#include "spur/core/request.hpp"
#include "spur/core/search_params.hpp"
#include "spur/webhooks/github.hpp"
#include "spur/webhooks/standard.hpp"
#include "spur/webhooks/stripe.hpp"

namespace spur::webhooks {
namespace {

bool is_form(const Request& req) {
  const std::string_view type = req.header("content-type").value_or("");
  return type.starts_with("application/x-www-form-urlencoded");
}

// webhook-* as the specification names them, else svix-* as Clerk sends them.
std::string_view header_of(const Request& req, std::string_view name) {
  if (std::optional<std::string_view> value = req.header("webhook-" + std::string(name)))
    return *value;
  return req.header("svix-" + std::string(name)).value_or("");
}

// Logs the exact reason of a refusal, naming the scheme.
void log_refused(const Request& req, std::string_view scheme, const Refused& refused) {
  std::string line = "webhook refused (";
  line.append(scheme).append("): ").append(refused.reason());
  req.log().warn(line);
}

// The header `name`; Refused("No … header was provided") when absent.
std::string_view required_header(const Request& req, std::string_view name) {
  std::optional<std::string_view> value = req.header(name);
  if (!value || value->empty()) throw Refused("No " + std::string(name) + " header was provided");
  return *value;
}

}  // namespace

namespace stripe {

Event verify(const Request& req, const Secrets& secrets, const Options& options) {
  try {
    Event event;
    event.timestamp =
        verify(req.text(), req.header("stripe-signature").value_or(""), secrets, options);
    event.body = detail::parse_payload(req.text());
    const boost::json::object* object = event.body.if_object();
    if (object == nullptr) throw HttpError(400, "The webhook's payload is not a JSON object");
    if (const auto* id = object->if_contains("id"); id != nullptr && id->is_string())
      event.id = id->get_string();
    if (const auto* type = object->if_contains("type"); type != nullptr && type->is_string())
      event.type = type->get_string();
    return event;
  } catch (const Refused& refused) {
    log_refused(req, "stripe", refused);
    throw;
  }
}

}  // namespace stripe

namespace github {

Delivery verify(const Request& req, const Secrets& secrets) {
  try {
    verify(req.text(), required_header(req, "x-hub-signature-256"), secrets);
  } catch (const Refused& refused) {
    log_refused(req, "github", refused);
    throw;
  }
  Delivery delivery;
  delivery.id = req.header("x-github-delivery").value_or("");
  delivery.event = req.header("x-github-event").value_or("");
  // A webhook set to application/x-www-form-urlencoded sends the JSON as
  // the form's payload field; the signature covers the form as sent.
  if (is_form(req)) {
    const SearchParams form = req.form();
    const std::optional<std::string_view> payload = form.get("payload");
    delivery.body = detail::parse_payload(payload.value_or(""));
  } else {
    delivery.body = detail::parse_payload(req.text());
  }
  return delivery;
}

}  // namespace github

namespace standard {

Message verify(const Request& req, const Secrets& secrets, const Options& options) {
  Message message;
  try {
    const std::string_view timestamp = header_of(req, "timestamp");
    verify(req.text(), header_of(req, "id"), timestamp, header_of(req, "signature"), secrets,
           options);
    message.id = header_of(req, "id");
    message.timestamp = *detail::parse_unix_time(timestamp);
  } catch (const Refused& refused) {
    log_refused(req, "standard", refused);
    throw;
  }
  message.body = detail::parse_payload(req.text());
  return message;
}

}  // namespace standard
}  // namespace spur::webhooks
