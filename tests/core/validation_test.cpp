// Validation of JSON bodies: every problem of a body reported at once, with
// path, code and message; the rules SPUR_RULES adds beside a described
// struct; and the 400 answer the error boundary makes of them.
#include "spur/core/validation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "posted_request.hpp"
#include "spur/core/error_boundary.hpp"
#include "spur/core/json.hpp"

namespace shop {

struct Address {
  std::string city;
  std::string zip;
};
BOOST_DESCRIBE_STRUCT(Address, (), (city, zip))
SPUR_RULES(Address, field(&Address::city, min_length(1)), field(&Address::zip, pattern("[0-9]{5}")))

struct Order {
  std::string email;
  std::vector<std::string> tags;
  int quantity = 0;
  double discount = 0;
  std::optional<std::string> website;
  std::optional<std::string> coupon;
  std::string status;
  std::string id;
  std::vector<Address> addresses;
  std::map<std::string, std::string> notes;
};
BOOST_DESCRIBE_STRUCT(Order, (),
                      (email, tags, quantity, discount, website, coupon, status, id, addresses,
                       notes))
SPUR_RULES(Order, field(&Order::email, email()),
           field(&Order::tags, max_size(3), each(length(2, 5))),
           field(&Order::quantity, range(1, 10)), field(&Order::discount, max(0.5)),
           field(&Order::website, url()), field(&Order::coupon, length(4, 4)),
           field(&Order::status, one_of({"new", "paid"})), field(&Order::id, uuid()),
           field(&Order::addresses, min_size(1)), field(&Order::notes, each(max_length(3))),
           field(&Order::quantity, satisfies([](int q) { return q % 2 == 0; }, "must be even")),
           refuse_unknown_keys)

// No rules: unknown keys are ignored, as before.
struct Plain {
  std::string name;
  int age = 0;
};
BOOST_DESCRIBE_STRUCT(Plain, (), (name, age))

}  // namespace shop

namespace spur {
namespace {

constexpr const char* kGoodOrder = R"({
  "email": "ann@example.com", "tags": ["red", "blue"], "quantity": 2, "discount": 0.25,
  "website": "https://shop.example.com/ann", "status": "paid",
  "id": "123e4567-e89b-12d3-a456-426614174000",
  "addresses": [{"city": "Lyon", "zip": "69001"}], "notes": {"a": "ok"}
})";

// The issues decoding `body` as T reports; none when it decodes.
template <typename T>
std::vector<Issue> issues_of(std::string body) {
  test::Posted posted(std::move(body));
  try {
    (void)posted.request().json<T>();
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.status(), 400);
    return e.issues();
  }
  return {};
}

std::string describe(const std::vector<Issue>& issues) {
  std::string out;
  for (const Issue& i : issues) out += i.path + " " + i.code + ": " + i.message + "\n";
  return out;
}

TEST(Validation, AGoodBodyPassesEveryRule) {
  EXPECT_EQ(describe(issues_of<shop::Order>(kGoodOrder)), "");
  test::Posted posted(kGoodOrder);
  const shop::Order order = posted.request().json<shop::Order>();
  EXPECT_EQ(order.email, "ann@example.com");
  EXPECT_EQ(order.addresses.at(0).zip, "69001");
  EXPECT_FALSE(order.coupon);  // absent optional: its rules do not apply
}

TEST(Validation, EveryProblemIsReportedInMemberOrder) {
  const std::vector<Issue> issues = issues_of<shop::Order>(R"({
    "email": "ann@", "tags": ["red", "x", "blue", "purple"], "quantity": 11, "discount": 0.75,
    "website": "ftp://example.com", "coupon": "AB", "status": "lost", "id": "123",
    "addresses": [{"city": "", "zip": "6900"}], "notes": {"long": "text"}, "extra": 1
  })");
  EXPECT_EQ(describe(issues),
            "email invalid_format: 'email' must be an email address\n"
            "tags too_big: 'tags' must have at most 3 items\n"
            "tags[1] too_small: 'tags[1]' must be at least 2 characters long\n"
            "tags[3] too_big: 'tags[3]' must be at most 5 characters long\n"
            "quantity too_big: 'quantity' must be at most 10\n"
            "quantity custom: 'quantity' must be even\n"
            "discount too_big: 'discount' must be at most 0.5\n"
            "website invalid_format: 'website' must be an http or https URL\n"
            "coupon too_small: 'coupon' must be at least 4 characters long\n"
            "status invalid_value: 'status' must be one of 'new', 'paid'\n"
            "id invalid_format: 'id' must be a UUID\n"
            "addresses[0].city too_small: 'addresses[0].city' must be at least 1 character long\n"
            "addresses[0].zip invalid_format: 'addresses[0].zip' must match [0-9]{5}\n"
            "notes.long too_big: 'notes.long' must be at most 3 characters long\n"
            "extra unrecognized_keys: 'extra' is not a known field\n");
}

TEST(Validation, EachChecksEveryElementByIndex) {
  std::string body = kGoodOrder;
  body.replace(body.find(R"(["red", "blue"])"), 15, R"(["red", "x", "toolong"])");
  EXPECT_EQ(describe(issues_of<shop::Order>(body)),
            "tags[1] too_small: 'tags[1]' must be at least 2 characters long\n"
            "tags[2] too_big: 'tags[2]' must be at most 5 characters long\n");
}

TEST(Validation, TypeProblemsAreCollectedToo) {
  EXPECT_EQ(describe(issues_of<shop::Plain>(R"({"age": "ten"})")),
            "name required: 'name' is required\n"
            "age invalid_type: 'age' must be an integer\n");
  EXPECT_EQ(describe(issues_of<std::vector<int>>(R"([1, "2", 3.5])")),
            "[1] invalid_type: '[1]' must be an integer\n"
            "[2] invalid_type: '[2]' must be an integer\n");
  EXPECT_EQ(describe(issues_of<shop::Plain>("[]")), " invalid_type: expected an object\n");
  // A member whose type is wrong is not also checked against its rules.
  std::string body = kGoodOrder;
  body.replace(body.find(R"("quantity": 2)"), 13, R"("quantity": "2")");
  EXPECT_EQ(describe(issues_of<shop::Order>(body)),
            "quantity invalid_type: 'quantity' must be an integer\n");
}

TEST(Validation, UnknownKeysAreIgnoredWithoutRules) {
  EXPECT_EQ(describe(issues_of<shop::Plain>(R"({"name": "a", "age": 1, "extra": true})")), "");
}

TEST(Validation, LengthCountsCharactersNotBytes) {
  std::string body = kGoodOrder;
  body.replace(body.find(R"(["red", "blue"])"), 15, R"(["été", "日本語です"])");
  EXPECT_EQ(describe(issues_of<shop::Order>(body)), "");
}

TEST(Validation, AtMostOneHundredIssues) {
  std::string body = "[";
  for (int i = 0; i < 500; ++i) body += i ? ",\"x\"" : "\"x\"";
  body += "]";
  const std::vector<Issue> issues = issues_of<std::vector<int>>(body);
  ASSERT_EQ(issues.size(), detail::Issues::max);
  EXPECT_EQ(issues.back().path, "[99]");
}

TEST(Validation, FormatsAcceptAndRefuse) {
  using detail::is_email;
  using detail::is_http_url;
  using detail::is_uuid;
  EXPECT_TRUE(is_email("a.b+tag@mail.example.co"));
  for (const char* bad : {"a@b", "@example.com", "a@@example.com", "a b@example.com",
                          "a..b@example.com", ".a@example.com", "a@-x.com", "a@example.c0m"})
    EXPECT_FALSE(is_email(bad)) << bad;
  EXPECT_TRUE(is_uuid("123E4567-e89b-12d3-a456-426614174000"));
  EXPECT_FALSE(is_uuid("123e4567e89b12d3a456426614174000"));
  EXPECT_FALSE(is_uuid("123e4567-e89b-12d3-a456-42661417400g"));
  for (const char* good : {"http://localhost:3000/x", "https://user:pw@example.com/a?b#c",
                           "http://127.0.0.1", "https://[::1]:8443/"})
    EXPECT_TRUE(is_http_url(good)) << good;
  for (const char* bad : {"ftp://example.com", "https://", "https://exa mple.com", "example.com",
                          "javascript:alert(1)", "http://-bad-.com"})
    EXPECT_FALSE(is_http_url(bad)) << bad;
}

TEST(Validation, TheAnswerListsEveryIssue) {
  test::Posted posted(R"({"email": "x", "tags": [], "quantity": 2, "discount": 0, "status": "new",
                          "id": "123e4567-e89b-12d3-a456-426614174000", "addresses": [],
                          "notes": {}})");
  const Request req = posted.request();
  std::exception_ptr failure;
  try {
    (void)req.json<shop::Order>();
  } catch (...) {
    failure = std::current_exception();
  }
  ASSERT_TRUE(failure);
  const Response answer = detail::answer_exception(failure, req);
  EXPECT_EQ(answer.status(), 400);
  EXPECT_EQ(
      answer.body(),
      R"({"error":"Invalid body: 'email' must be an email address","issues":[)"
      R"({"path":"email","code":"invalid_format","message":"'email' must be an email address"},)"
      R"({"path":"addresses","code":"too_small","message":"'addresses' must have at least 1 item"}]})");
}

}  // namespace
}  // namespace spur
