#include "spur/router/params.hpp"

#include <gtest/gtest.h>

namespace spur::router {
namespace {

TEST(router_params, LookupsByNameAndType) {
  Params params;
  params.add("id", std::string("42"));
  params.add("path", Params::List{"a", "b/c"});

  EXPECT_EQ(params.get("id"), "42");
  EXPECT_EQ(params.list("id"), std::nullopt);

  ASSERT_TRUE(params.list("path"));
  EXPECT_EQ(Params::List(params.list("path")->begin(), params.list("path")->end()),
            (Params::List{"a", "b/c"}));
  EXPECT_EQ(params.get("path"), std::nullopt);

  EXPECT_TRUE(params.contains("id"));
  EXPECT_FALSE(params.contains("ID"));  // names are case-sensitive
  EXPECT_EQ(params.get("missing"), std::nullopt);
  EXPECT_EQ(params.list("missing"), std::nullopt);
  EXPECT_EQ(params["missing"], "");  // the one empty-on-absent shortcut
  EXPECT_EQ(params.size(), 2u);
}

TEST(router_params, TypedValues) {
  Params params;
  params.add("id", std::string("42"));
  params.add("slug", std::string("4x"));
  params.add("path", Params::List{"a"});
  EXPECT_EQ(params.get<std::int64_t>("id"), 42);
  EXPECT_EQ(params.get<std::string>("slug"), "4x");
  try {
    (void)params.get<int>("slug");
    ADD_FAILURE() << "no exception";
  } catch (const InvalidParam& e) {
    EXPECT_STREQ(
        e.what(),
        "Invalid path parameter 'slug': expected an integer from -2147483648 to 2147483647");
  }
  EXPECT_THROW((void)params.get<int>("missing"), std::out_of_range);
  EXPECT_THROW((void)params.get<int>("path"), std::out_of_range);  // a catch-all: list()
}

TEST(router_params, EntriesKeepUrlOrder) {
  Params params;
  params.add("b", std::string("1"));
  params.add("a", std::string("2"));
  ASSERT_EQ(params.entries().size(), 2u);
  EXPECT_EQ(params.entries()[0].name, "b");
  EXPECT_EQ(params.entries()[1].name, "a");
}

TEST(router_params, EmptyByDefault) {
  Params params;
  EXPECT_TRUE(params.empty());
  EXPECT_EQ(params.get("id"), std::nullopt);
}

}  // namespace
}  // namespace spur::router
