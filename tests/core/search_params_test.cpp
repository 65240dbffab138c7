// SearchParams: queries and urlencoded forms read as URLSearchParams does.
#include "spur/core/search_params.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "spur/core/http_error.hpp"

namespace spur {
namespace {

using Views = std::vector<std::string_view>;

TEST(SearchParams, GetGetAllHas) {
  SearchParams q("tags=a&q=hi&tags=b&tags=c");
  EXPECT_EQ(q.get("q"), "hi");
  EXPECT_EQ(q.get("tags"), "a");  // the first of several
  EXPECT_EQ(q.get_all("tags"), (Views{"a", "b", "c"}));
  EXPECT_EQ(q.get_all("q"), (Views{"hi"}));
  EXPECT_TRUE(q.has("tags"));
  EXPECT_EQ(q.size(), 4u);
}

TEST(SearchParams, TypedValues) {
  SearchParams q("take=20&skip=x&on=true&ratio=0.5");
  EXPECT_EQ(q.get<int>("take"), 20);
  EXPECT_EQ(q.get<int>("absent"), std::nullopt);
  EXPECT_EQ(q.get<bool>("on"), true);
  EXPECT_EQ(q.get<double>("ratio"), 0.5);
  try {
    (void)q.get<std::uint32_t>("skip");
    ADD_FAILURE() << "no exception";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_STREQ(e.what(),
                 "Invalid query parameter 'skip': expected an integer from 0 to 4294967295");
  }
}

TEST(SearchParams, AbsentName) {
  SearchParams q("a=1");
  EXPECT_EQ(q.get("b"), std::nullopt);
  EXPECT_EQ(q.get_all("b"), Views{});
  EXPECT_FALSE(q.has("b"));
  EXPECT_EQ(q.get("A"), std::nullopt);  // names are case-sensitive
}

TEST(SearchParams, EmptyQuery) {
  SearchParams q("");
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0u);
  EXPECT_EQ(q.get(""), std::nullopt);
  EXPECT_TRUE(SearchParams().empty());
}

TEST(SearchParams, EmptyValues) {
  SearchParams q("tags=&flag&x=1");
  EXPECT_EQ(q.get_all("tags"), (Views{""}));
  EXPECT_TRUE(q.has("tags"));
  EXPECT_EQ(q.get("flag"), "");  // a name without '=' has the empty value
  EXPECT_EQ(q.get("x"), "1");
}

TEST(SearchParams, EmptyPartsAreSkipped) {
  SearchParams q("&&a=1&&b=2&");
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(q.entries()[0], (SearchParams::Entry{"a", "1"}));
  EXPECT_EQ(q.entries()[1], (SearchParams::Entry{"b", "2"}));
}

struct DecodeCase {
  const char* name;
  const char* query;
  const char* key;
  const char* value;
};

const DecodeCase decode_cases[] = {
    {"plus_is_space", "q=hi+there", "q", "hi there"},
    {"escaped_space", "q=hi%20there", "q", "hi there"},
    {"escaped_plus", "q=1%2B1", "q", "1+1"},
    {"escaped_separators", "q=a%26b%3Dc", "q", "a&b=c"},
    {"lower_case_hex", "q=%2f", "q", "/"},
    {"utf8", "q=J%C3%B6rg", "q", "J\xC3\xB6rg"},
    {"lone_percent_kept", "q=100%", "q", "100%"},
    {"percent_then_one_digit", "q=%4", "q", "%4"},
    {"percent_then_non_hex", "q=%zz1", "q", "%zz1"},
    {"percent_at_start_of_valid_escape", "q=%%41", "q", "%A"},
    {"invalid_utf8_replaced", "q=%FF", "q", "\xEF\xBF\xBD"},
    {"escaped_name", "my%20key=v", "my key", "v"},
    {"plus_in_name", "a+b=v", "a b", "v"},
    {"equals_in_value", "q=a=b", "q", "a=b"},
};

TEST(SearchParams, DecodesLikeUrlSearchParams) {
  for (const DecodeCase& c : decode_cases) {
    SearchParams q(c.query);
    EXPECT_EQ(q.get(c.key), c.value) << c.name;
  }
}

}  // namespace
}  // namespace spur
