// libFuzzer target for what a webhook sender controls: the body and the
// signature headers of Stripe, GitHub and Standard Webhooks, and the base64
// of a secret. The input is split on '\n' into payload, header (or id,
// timestamp, signature) and secret. Verifying must either pass or throw
// Refused (or, for a secret that does not decode, std::invalid_argument);
// what sign() makes for the same payload and secret must always verify, and
// a changed payload must not.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "spur/webhooks/github.hpp"
#include "spur/webhooks/standard.hpp"
#include "spur/webhooks/stripe.hpp"
#include "webhooks/signing.hpp"

namespace {

using namespace spur::webhooks;

std::vector<std::string_view> split(std::string_view data) {
  std::vector<std::string_view> parts;
  for (int i = 0; i < 4; ++i) {
    const std::size_t nl = data.find('\n');
    parts.push_back(data.substr(0, nl));
    data = nl == std::string_view::npos ? std::string_view() : data.substr(nl + 1);
  }
  return parts;
}

template <typename F>
bool verifies(F&& f) {
  try {
    f();
    return true;
  } catch (const Refused&) {
    return false;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);
  const std::vector<std::string_view> p = split(data);
  const std::string_view payload = p[0], a = p[1], b = p[2], secret = p[3];
  const Options now{.now =
                        std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000))};

  verifies([&] { stripe::verify(payload, a, secret, now); });
  verifies([&] { github::verify(payload, a, secret); });
  verifies([&] { standard::verify(payload, a, b, secret, secret, now); });
  if (auto decoded = detail::decode_base64(a))
    require(detail::decode_base64(detail::base64(std::span(
                reinterpret_cast<const unsigned char*>(decoded->data()), decoded->size()))) ==
            decoded);

  if (secret.empty()) return 0;
  const std::string changed = std::string(payload) + "x";
  const std::string s = stripe::sign(payload, secret, 1'700'000'000);
  require(verifies([&] { stripe::verify(payload, s, secret, now); }));
  require(!verifies([&] { stripe::verify(changed, s, secret, now); }));
  const std::string g = github::sign(payload, secret);
  require(verifies([&] { github::verify(payload, g, secret); }));
  require(!verifies([&] { github::verify(changed, g, secret); }));
  // A Standard Webhooks secret is base64: the fuzzed text, when it decodes.
  if (!detail::decode_base64(secret) || detail::decode_base64(secret)->empty()) return 0;
  const std::string id = a.empty() ? std::string("msg_1") : std::string(a);
  const std::string sig = standard::sign(payload, id, 1'700'000'000, secret);
  require(verifies([&] { standard::verify(payload, id, "1700000000", sig, secret, now); }));
  require(!verifies([&] { standard::verify(changed, id, "1700000000", sig, secret, now); }));
  return 0;
}
