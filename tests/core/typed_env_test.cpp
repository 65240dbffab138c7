// spur::env<T>(): a described struct read from the environment, every
// missing or malformed variable named at once; the start-up check of every
// struct a program reads.
#include "spur/core/typed_env.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <sstream>

namespace spur::typed_env_test {

struct Env {
  Secret spur_tt_secret;
  std::string spur_tt_url;
  int spur_tt_port = 0;
  bool spur_tt_debug = false;
  std::optional<double> spur_tt_ratio;
};
BOOST_DESCRIBE_STRUCT(Env, (),
                      (spur_tt_secret, spur_tt_url, spur_tt_port, spur_tt_debug, spur_tt_ratio))
SPUR_RULES(Env, field(&Env::spur_tt_url, url()), field(&Env::spur_tt_port, range(1, 65535)))

// Read only through check_env_at_start in these tests (see below).
struct Broken {
  std::string spur_tt_never_set;
};
BOOST_DESCRIBE_STRUCT(Broken, (), (spur_tt_never_set))

namespace {

void unset_all() {
  for (const char* name : {"SPUR_TT_SECRET", "SPUR_TT_URL", "SPUR_TT_PORT", "SPUR_TT_DEBUG",
                           "SPUR_TT_RATIO", "SPUR_TT_NEVER_SET"})
    ::unsetenv(name);
}

TEST(TypedEnv, ReadsEachMemberFromItsCapitalName) {
  unset_all();
  ::setenv("SPUR_TT_SECRET", "sk_live_1", 1);
  ::setenv("SPUR_TT_URL", "https://users.example", 1);
  ::setenv("SPUR_TT_PORT", "8080", 1);
  ::setenv("SPUR_TT_DEBUG", "true", 1);
  const Env e = detail::read_env_struct<Env>();
  EXPECT_EQ(e.spur_tt_secret.reveal(), "sk_live_1");
  EXPECT_EQ(e.spur_tt_url, "https://users.example");
  EXPECT_EQ(e.spur_tt_port, 8080);
  EXPECT_TRUE(e.spur_tt_debug);
  EXPECT_FALSE(e.spur_tt_ratio);
  ::setenv("SPUR_TT_RATIO", "0.25", 1);
  EXPECT_EQ(detail::read_env_struct<Env>().spur_tt_ratio, 0.25);
}

TEST(TypedEnv, NamesEveryMissingOrMalformedVariable) {
  unset_all();
  ::setenv("SPUR_TT_URL", "not a url", 1);
  ::setenv("SPUR_TT_PORT", "80x", 1);
  ::setenv("SPUR_TT_DEBUG", "yes", 1);
  ::setenv("SPUR_TT_RATIO", "half", 1);
  try {
    (void)detail::read_env_struct<Env>();
    ADD_FAILURE() << "no error";
  } catch (const ValidationError& e) {
    std::vector<std::string> messages;
    for (const Issue& issue : e.issues()) messages.push_back(issue.message);
    EXPECT_EQ(messages, (std::vector<std::string>{
                            "'SPUR_TT_SECRET' is not set",
                            "'SPUR_TT_URL' must be an http or https URL",
                            "'SPUR_TT_PORT' must be an integer",
                            "'SPUR_TT_DEBUG' must be true, false, 1 or 0",
                            "'SPUR_TT_RATIO' must be a number",
                        }));
  }
  ::setenv("SPUR_TT_SECRET", "s", 1);
  ::setenv("SPUR_TT_URL", "http://x.example", 1);
  ::setenv("SPUR_TT_PORT", "0", 1);
  ::setenv("SPUR_TT_DEBUG", "0", 1);
  ::unsetenv("SPUR_TT_RATIO");
  try {
    (void)detail::read_env_struct<Env>();
    ADD_FAILURE() << "no error";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.issues().size(), 1u);
    EXPECT_EQ(e.issues()[0].path, "SPUR_TT_PORT");
    EXPECT_EQ(e.issues()[0].code, "too_small");
  }
}

TEST(TypedEnv, TheStartCheckNamesEveryStructsProblemsAndThenCloses) {
  unset_all();
  // env<T>() registers its struct when the program loads; both are read
  // below only after the check, as a handler would.
  try {
    detail::check_env_at_start();
    ADD_FAILURE() << "no error";
  } catch (const InvalidEnv& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find("'SPUR_TT_SECRET' is not set"), std::string::npos) << text;
    EXPECT_NE(text.find("'SPUR_TT_NEVER_SET' is not set"), std::string::npos) << text;
    EXPECT_NE(text.find("'SPUR_TT_PORT' is not set"), std::string::npos) << text;
  }
  // A read after the check throws InvalidEnv (a 500), not a client's 400.
  EXPECT_THROW((void)env<Broken>(), InvalidEnv);
  ::setenv("SPUR_TT_SECRET", "s", 1);
  ::setenv("SPUR_TT_URL", "http://x.example", 1);
  ::setenv("SPUR_TT_PORT", "443", 1);
  ::setenv("SPUR_TT_DEBUG", "1", 1);
  EXPECT_EQ(env<Env>().spur_tt_port, 443);
  ::setenv("SPUR_TT_PORT", "444", 1);
  EXPECT_EQ(env<Env>().spur_tt_port, 443);  // read once
  // Checks registered once the start check has run are not kept.
  EXPECT_FALSE(detail::register_env_check([] {}));
}

TEST(TypedEnv, ASecretPrintsAsStars) {
  std::ostringstream out;
  out << Secret("sk_live_1");
  EXPECT_EQ(out.str(), "***");
}

}  // namespace
}  // namespace spur::typed_env_test
