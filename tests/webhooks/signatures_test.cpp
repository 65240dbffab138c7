// The three schemes against their published vectors (GitHub's docs, the
// Standard Webhooks test suite) and a Stripe vector computed from its
// documented algorithm with `openssl dgst -sha256 -hmac`; then every way a
// delivery is refused, and the request overloads' 400 and log line.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "core/posted_request.hpp"
#include "spur/core/secret.hpp"
#include "spur/webhooks.hpp"

namespace spur::webhooks {
namespace {

using std::chrono::seconds;
using Clock = std::chrono::system_clock;

Options at(std::int64_t unix_seconds) {
  return Options{.now = Clock::time_point(seconds(unix_seconds))};
}

// The reason a delivery is refused, or "" when it verifies.
template <typename F>
std::string refusal(F&& verify) {
  try {
    verify();
    return "";
  } catch (const Refused& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_STREQ(e.what(), "Invalid webhook signature");
    return e.reason();
  }
}

// --- Stripe ---
constexpr std::string_view stripe_payload = R"({"id":"evt_test_webhook","object":"event"})";
constexpr std::string_view stripe_secret = "whsec_test_secret";
constexpr std::string_view stripe_v1 =
    "3c5817089d739023dd6190f70a3757e04f7a2fd8b5dab12c2e000f51970dccff";

TEST(Stripe, SignsTheDocumentedVector) {
  EXPECT_EQ(stripe::sign(stripe_payload, stripe_secret, 1614265330),
            "t=1614265330,v1=" + std::string(stripe_v1));
}

TEST(Stripe, VerifiesAnyV1AndAnySecret) {
  const std::string header = "t=1614265330,v1=" + std::string(stripe_v1);
  EXPECT_EQ(stripe::verify(stripe_payload, header, stripe_secret, at(1614265330)), 1614265330);
  // Several v1 while Stripe rolls a secret; a v0 (test mode) is ignored.
  const std::string rolled =
      "t=1614265330,v0=abc,v1=" + std::string(64, '0') + ",v1=" + std::string(stripe_v1);
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, rolled, stripe_secret, at(1614265330)); }),
            "");
  // The app holds the old and the new secret.
  EXPECT_EQ(refusal([&] {
              stripe::verify(stripe_payload, header, {"whsec_new", stripe_secret}, at(1614265400));
            }),
            "");
}

TEST(Stripe, RefusesWithStripesReasons) {
  const std::string header = "t=1614265330,v1=" + std::string(stripe_v1);
  const auto now = at(1614265330);
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, "", stripe_secret, now); }),
            "No stripe-signature header value was provided");
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, "garbage", stripe_secret, now); }),
            "Unable to extract timestamp and signatures from header");
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, "v1=ab", stripe_secret, now); }),
            "Unable to extract timestamp and signatures from header");
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, "t=x,v1=ab", stripe_secret, now); }),
            "Unable to extract timestamp and signatures from header");
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, "t=1614265330", stripe_secret, now); }),
            "No signatures found with expected scheme");
  const std::string mismatch =
      "No signatures found matching the expected signature for payload. Are you passing the raw "
      "request body you received from Stripe?";
  // One byte of the body changed (re-serialized JSON, say).
  EXPECT_EQ(refusal([&] {
              stripe::verify(R"({"id": "evt_test_webhook","object":"event"})", header,
                             stripe_secret, now);
            }),
            mismatch);
  // Standard Webhooks' key (the base64 after whsec_) is not Stripe's.
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, header, "test_secret", now); }), mismatch);
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, header, "whsec_test_secret ", now); }),
            mismatch + " The secret contains whitespace.");
  // Uppercase hex is another spelling, not the signature.
  std::string upper = header;
  for (std::size_t i = header.find("v1=") + 3; i < upper.size(); ++i)
    upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, upper, stripe_secret, now); }), mismatch);
}

TEST(Stripe, TimestampWithinToleranceEitherWay) {
  const std::string header = "t=1614265330,v1=" + std::string(stripe_v1);
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, header, stripe_secret, at(1614265630)); }),
            "");
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, header, stripe_secret, at(1614265631)); }),
            "Timestamp outside the tolerance zone");
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, header, stripe_secret, at(1614265029)); }),
            "Timestamp outside the tolerance zone");
  Options wide = at(1614269330);
  wide.tolerance = seconds(4000);
  EXPECT_EQ(refusal([&] { stripe::verify(stripe_payload, header, stripe_secret, wide); }), "");
}

TEST(Stripe, AnEmptySecretIsTheAppsFaultNotTheSenders) {
  const std::string header = "t=1614265330,v1=" + std::string(stripe_v1);
  EXPECT_THROW(stripe::verify(stripe_payload, header, "", at(1614265330)), std::invalid_argument);
  EXPECT_THROW(stripe::verify(stripe_payload, header, {"", ""}, at(1614265330)),
               std::invalid_argument);
}

// --- GitHub ---
constexpr std::string_view github_secret = "It's a Secret to Everybody";
constexpr std::string_view github_header =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

TEST(GitHub, SignsAndVerifiesThePublishedVector) {
  EXPECT_EQ(github::sign("Hello, World!", github_secret), github_header);
  EXPECT_EQ(refusal([&] { github::verify("Hello, World!", github_header, github_secret); }), "");
  EXPECT_EQ(refusal([&] {
              github::verify("Hello, World!", github_header, {"old secret", github_secret});
            }),
            "");
}

TEST(GitHub, Refuses) {
  EXPECT_EQ(refusal([&] { github::verify("Hello, World!", "", github_secret); }),
            "No x-hub-signature-256 header was provided");
  EXPECT_EQ(
      refusal([&] { github::verify("Hello, World!", github_header.substr(7), github_secret); }),
      "The x-hub-signature-256 header is not sha256= and 64 hex digits");
  EXPECT_EQ(refusal([&] {
              github::verify("Hello, World!", std::string(github_header) + "00", github_secret);
            }),
            "The x-hub-signature-256 header is not sha256= and 64 hex digits");
  EXPECT_EQ(refusal([&] { github::verify("Hello, World?", github_header, github_secret); }),
            "No signature matches the payload. Are you passing the raw request body you received "
            "from GitHub?");
  EXPECT_EQ(refusal([&] { github::verify("Hello, World!", github_header, "another secret"); }),
            "No signature matches the payload. Are you passing the raw request body you received "
            "from GitHub?");
}

// --- Standard Webhooks ---
constexpr std::string_view standard_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view standard_id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::string_view standard_payload = R"({"test": 2432232314})";
constexpr std::string_view standard_signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

std::string standard_refusal(std::string_view signature, std::string_view timestamp = "1614265330",
                             std::int64_t now = 1614265330,
                             std::string_view payload = standard_payload) {
  return refusal([&] {
    standard::verify(payload, standard_id, timestamp, signature, standard_secret, at(now));
  });
}

TEST(Standard, SignsAndVerifiesThePublishedVector) {
  EXPECT_EQ(standard::sign(standard_payload, standard_id, 1614265330, standard_secret),
            standard_signature);
  EXPECT_EQ(standard_refusal(standard_signature), "");
  // The key may be given without its prefix.
  EXPECT_EQ(standard::sign(standard_payload, standard_id, 1614265330, standard_secret.substr(6)),
            standard_signature);
}

TEST(Standard, TheTestSuitesNegativeCases) {
  const std::string none = "No matching signature found";
  EXPECT_EQ(standard_refusal("v1,dawfeoifkpqwoekfpqoekf"), none);
  EXPECT_EQ(standard_refusal("v1,"), none);
  EXPECT_EQ(standard_refusal(standard_signature, "hello"),
            "Invalid Signature Headers: the timestamp is not an integer");
  EXPECT_EQ(standard_refusal(standard_signature, "1614265330", 1614265330 + 301),
            "Message timestamp too old");
  EXPECT_EQ(standard_refusal(standard_signature, "1614265330", 1614265330 - 301),
            "Message timestamp too new");
  EXPECT_EQ(standard_refusal(standard_signature, "1614265330", 1614265330 + 300), "");
  // A list with other versions and wrong v1 values: any right v1 passes.
  const std::string mixed =
      "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
      "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " +
      std::string(standard_signature) + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
  EXPECT_EQ(standard_refusal(mixed), "");
  // The v2 alone is not v1 even when its value is right.
  EXPECT_EQ(standard_refusal("v2," + std::string(standard_signature.substr(3))), none);
  EXPECT_EQ(
      standard_refusal(standard_signature, "1614265330", 1614265330, R"({"test": 2432232315})"),
      none);
  EXPECT_EQ(refusal([&] {
              standard::verify(standard_payload, "", "1614265330", standard_signature,
                               standard_secret, at(1614265330));
            }),
            "Missing required headers (webhook-id, webhook-timestamp, webhook-signature)");
}

TEST(Standard, StripesUseOfTheSameSecretIsRefused) {
  // The literal text as key (Stripe's way) gives another MAC.
  const std::string literal = stripe::sign("x", standard_secret, 1);
  EXPECT_NE(literal.substr(literal.find("v1=") + 3), standard_signature.substr(3));
  // A secret that does not decode is a configuration error.
  EXPECT_THROW(standard::verify(standard_payload, standard_id, "1614265330", standard_signature,
                                "whsec_not base64!", at(1614265330)),
               std::invalid_argument);
}

// --- The request overloads ---
TEST(StripeRequest, ParsesTheVerifiedEvent) {
  const std::int64_t now =
      std::chrono::duration_cast<seconds>(Clock::now().time_since_epoch()).count();
  const std::string body = R"({"id":"evt_1","type":"checkout.session.completed","data":{}})";
  test::Posted posted(body, "application/json");
  Request req = posted.request();
  req.set_header("stripe-signature", stripe::sign(body, "whsec_x", now));
  const stripe::Event event = stripe::verify(req, Secret("whsec_x"));
  EXPECT_EQ(event.id, "evt_1");
  EXPECT_EQ(event.type, "checkout.session.completed");
  EXPECT_EQ(event.timestamp, now);
  EXPECT_TRUE(event.body.at("data").is_object());

  req.set_header("stripe-signature", stripe::sign(body, "whsec_other", now));
  EXPECT_THROW(stripe::verify(req, Secret("whsec_x")), Refused);
  req.remove_header("stripe-signature");
  try {
    stripe::verify(req, "whsec_x");
    ADD_FAILURE();
  } catch (const Refused& e) {
    EXPECT_EQ(e.reason(), "No stripe-signature header value was provided");
  }
}

TEST(StripeRequest, AVerifiedBodyThatIsNotAnEventIs400) {
  const std::int64_t now =
      std::chrono::duration_cast<seconds>(Clock::now().time_since_epoch()).count();
  test::Posted posted("[1,2]", "application/json");
  Request req = posted.request();
  req.set_header("stripe-signature", stripe::sign("[1,2]", "whsec_x", now));
  try {
    stripe::verify(req, "whsec_x");
    ADD_FAILURE();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_STREQ(e.what(), "The webhook's payload is not a JSON object");
  }
}

TEST(GitHubRequest, ReadsTheDeliveryJsonOrForm) {
  const std::string json = R"({"zen":"Keep it logically awesome."})";
  test::Posted posted(json, "application/json");
  Request req = posted.request();
  req.set_header("x-hub-signature-256", github::sign(json, "s3cret"));
  req.set_header("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
  req.set_header("x-github-event", "ping");
  const github::Delivery d = github::verify(req, "s3cret");
  EXPECT_EQ(d.id, "72d3162e-cc78-11e3-81ab-4c9367dc0958");
  EXPECT_EQ(d.event, "ping");
  EXPECT_EQ(d.body.at("zen").as_string(), "Keep it logically awesome.");

  const std::string form = "payload=%7B%22zen%22%3A%22hi%22%7D";
  test::Posted posted_form(form, "application/x-www-form-urlencoded");
  Request form_req = posted_form.request();
  form_req.set_header("x-hub-signature-256", github::sign(form, "s3cret"));
  EXPECT_EQ(github::verify(form_req, "s3cret").body.at("zen").as_string(), "hi");
}

TEST(StandardRequest, ReadsWebhookOrSvixHeaders) {
  const std::int64_t now =
      std::chrono::duration_cast<seconds>(Clock::now().time_since_epoch()).count();
  const std::string body = R"({"type":"user.created"})";
  for (std::string prefix : {"webhook-", "svix-"}) {
    test::Posted posted(body, "application/json");
    Request req = posted.request();
    req.set_header(prefix + "id", "msg_1");
    req.set_header(prefix + "timestamp", std::to_string(now));
    req.set_header(prefix + "signature", standard::sign(body, "msg_1", now, standard_secret));
    const standard::Message m = standard::verify(req, standard_secret);
    EXPECT_EQ(m.id, "msg_1") << prefix;
    EXPECT_EQ(m.timestamp, now);
    EXPECT_EQ(m.body.at("type").as_string(), "user.created");
    req.set_header(prefix + "id", "msg_2");
    EXPECT_THROW(standard::verify(req, standard_secret), Refused) << prefix;
  }
}

TEST(Secrets, ASecretNeverPrints) {
  std::ostringstream out;
  out << Secret("whsec_do_not_print");
  EXPECT_EQ(out.str(), "***");
  EXPECT_EQ(Secret("abc").reveal(), "abc");
}

}  // namespace
}  // namespace spur::webhooks
