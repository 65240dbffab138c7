// .env files loaded in Next.js's order into the process environment: the
// first file that sets a variable wins, the real environment always wins,
// .env.local is skipped in tests, values are expanded; env() and env_or().
#include "spur/core/env.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace spur {
namespace {

class EnvFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("spur-env-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    for (const char* name :
         {"SPUR_T_A", "SPUR_T_B", "SPUR_T_C", "SPUR_T_D", "SPUR_T_URL", "SPUR_T_REAL"})
      ::unsetenv(name);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(EnvFiles, NextJsOrderAndTheRealEnvironmentWins) {
  write(".env", "SPUR_T_A=env\nSPUR_T_B=env\nSPUR_T_C=env\nSPUR_T_D=env\nSPUR_T_REAL=file\n");
  write(".env.development", "SPUR_T_B=development\nSPUR_T_C=development\n");
  write(".env.local", "SPUR_T_C=local\nSPUR_T_D=local\n");
  write(".env.development.local", "SPUR_T_D=development.local\n");
  write(".env.production", "SPUR_T_A=production\n");
  ::setenv("SPUR_T_REAL", "real", 1);
  EXPECT_EQ(load_env_files(dir_, "development"),
            (std::vector<std::string>{".env.development.local", ".env.local", ".env.development",
                                      ".env"}));
  EXPECT_EQ(env("SPUR_T_A"), "env");
  EXPECT_EQ(env("SPUR_T_B"), "development");
  EXPECT_EQ(env("SPUR_T_C"), "local");
  EXPECT_EQ(env("SPUR_T_D"), "development.local");
  EXPECT_EQ(env("SPUR_T_REAL"), "real");
}

TEST_F(EnvFiles, TestsSkipDotEnvLocal) {
  write(".env", "SPUR_T_A=env\n");
  write(".env.local", "SPUR_T_A=local\n");
  write(".env.test", "SPUR_T_B=test\n");
  EXPECT_EQ(load_env_files(dir_, "test"), (std::vector<std::string>{".env.test", ".env"}));
  EXPECT_EQ(env("SPUR_T_A"), "env");
  EXPECT_EQ(env("SPUR_T_B"), "test");
}

TEST_F(EnvFiles, ValuesAreExpanded) {
  ::setenv("SPUR_T_REAL", "from-real", 1);
  write(".env",
        "SPUR_T_A=db.local\nSPUR_T_URL=postgres://${SPUR_T_A}/$SPUR_T_REAL?x=${SPUR_T_B:-1}\n"
        "SPUR_T_C='$SPUR_T_A'\n");
  load_env_files(dir_, "production");
  EXPECT_EQ(env("SPUR_T_URL"), "postgres://db.local/from-real?x=1");
  EXPECT_EQ(env("SPUR_T_C"), "$SPUR_T_A");
}

TEST_F(EnvFiles, NoFilesNothingLoadedAndMissingVariablesAreNamed) {
  EXPECT_TRUE(load_env_files(dir_, "production").empty());
  EXPECT_EQ(env_or("SPUR_T_A", "fallback"), "fallback");
  try {
    (void)env("SPUR_T_A");
    FAIL() << "no MissingEnv";
  } catch (const MissingEnv& e) {
    EXPECT_NE(std::string(e.what()).find("SPUR_T_A is not set"), std::string::npos);
  }
}

TEST_F(EnvFiles, ForgettingTheFilesReadsThemAfreshAndKeepsTheRealEnvironment) {
  ::setenv("SPUR_T_REAL", "real", 1);
  write(".env", "SPUR_T_A=one\nSPUR_T_B=gone soon\nSPUR_T_REAL=file\n");
  load_env_files(dir_, "development");
  EXPECT_EQ(env("SPUR_T_A"), "one");
  write(".env", "SPUR_T_A=two\nSPUR_T_REAL=file\n");
  load_env_files(dir_, "development");
  EXPECT_EQ(env("SPUR_T_A"), "one");  // loaded once: the first value stays
  forget_env_files();
  load_env_files(dir_, "development");
  EXPECT_EQ(env("SPUR_T_A"), "two");
  EXPECT_EQ(env_or("SPUR_T_B", "unset"), "unset");
  EXPECT_EQ(env("SPUR_T_REAL"), "real");
  forget_env_files();
  EXPECT_EQ(env_or("SPUR_T_A", "unset"), "unset");
  EXPECT_EQ(env("SPUR_T_REAL"), "real");
}

}  // namespace
}  // namespace spur
