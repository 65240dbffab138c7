// libFuzzer target for what req.json<T>() does with a client's body once it
// is JSON: the typed decoder (json.hpp), the rules beside a struct
// (rules.hpp) and the issues it reports (validation.hpp).
//
// The bytes are parsed with Boost.JSON (not fuzzed here: its own project
// fuzzes it); a value is decoded into a struct that uses every kind of member
// and every rule. Decoding must either succeed or throw one ValidationError
// whose issues hold: at least one, at most Issues::max, a known code, a
// message that names the path (or says what the whole body should be), and
// an error message that is the first issue's. The format checks also see the raw bytes.
#include <boost/json/parse.hpp>
#include <boost/json/src.hpp>  // Boost.JSON compiled in: the fuzz build links no Boost
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "spur/core/json.hpp"

namespace fuzz {

enum class Kind { draft, published };
BOOST_DESCRIBE_ENUM(Kind, draft, published)

struct Item {
  std::string sku;
  std::uint8_t count = 0;
  std::optional<double> price;
};
BOOST_DESCRIBE_STRUCT(Item, (), (sku, count, price))
SPUR_RULES(Item, field(&Item::sku, pattern("[A-Z]{2}-[0-9]+")), field(&Item::count, range(1, 99)),
           field(&Item::price, min(0.0)))

struct Order {
  std::string email;
  std::optional<std::string> website;
  std::string id;
  std::string status;
  Kind kind = Kind::draft;
  bool gift = false;
  std::int64_t total = 0;
  std::vector<std::string> tags;
  std::vector<Item> items;
  std::map<std::string, std::string> notes;
  std::optional<std::vector<int>> scores;
};
BOOST_DESCRIBE_STRUCT(Order, (),
                      (email, website, id, status, kind, gift, total, tags, items, notes, scores))
SPUR_RULES(Order, field(&Order::email, email()), field(&Order::website, url()),
           field(&Order::id, uuid()), field(&Order::status, one_of({"new", "paid"})),
           field(&Order::total, range<std::int64_t>(0, 1'000'000)),
           field(&Order::tags, max_size(5), each(length(1, 8))), field(&Order::items, size(1, 20)),
           field(&Order::notes, each(max_length(16))),
           field(&Order::scores, each(satisfies([](int s) { return s % 2 == 0; }, "must be even"))),
           refuse_unknown_keys)

const std::set<std::string> known_codes{"invalid_type",      "required",       "too_small",
                                        "too_big",           "invalid_format", "invalid_value",
                                        "unrecognized_keys", "custom"};

void check(const spur::ValidationError& e) {
  const std::vector<spur::Issue>& issues = e.issues();
  if (issues.empty() || issues.size() > spur::detail::Issues::max) std::abort();
  if (e.status() != 400 || std::string(e.what()) != "Invalid body: " + issues.front().message)
    std::abort();
  for (const spur::Issue& i : issues) {
    if (!known_codes.contains(i.code)) std::abort();
    // The whole body ("expected an object"), or a member by its path; a key
    // that is "" has the empty path too.
    if (!(i.path.empty() && i.message.starts_with("expected ")) &&
        !i.message.starts_with("'" + i.path + "' "))
      std::abort();
  }
}

template <typename T>
void decode(const boost::json::value& v) {
  spur::detail::Issues issues;
  try {
    (void)spur::detail::decode_json<T>(v, spur::detail::JsonPath{}, issues);
    issues.raise_if_any();
  } catch (const spur::ValidationError& e) {
    check(e);
  }
}

}  // namespace fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)spur::detail::is_email(text);
  (void)spur::detail::is_uuid(text);
  (void)spur::detail::is_http_url(text);
  (void)spur::detail::count_characters(text);
  boost::json::error_code ec;
  const boost::json::value v = boost::json::parse(text, ec);
  if (ec) return 0;
  fuzz::decode<fuzz::Order>(v);
  fuzz::decode<std::vector<fuzz::Item>>(v);
  fuzz::decode<std::map<std::string, std::optional<fuzz::Kind>>>(v);
  return 0;
}
