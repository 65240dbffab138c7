// The command line every server executable shares (CLI11): flags, their
// environment variables, and refusals with exit status 2.
#include "spur/server/options.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

namespace spur {
namespace {

// Parses `args` (after the program name) into `out`.
ParseOutcome parse(std::initializer_list<const char*> args, CommandLine& out) {
  std::vector<std::string> owned{"server"};
  owned.insert(owned.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : owned) argv.push_back(a.data());
  return parse_command_line(static_cast<int>(argv.size()), argv.data(), "a test server",
                            {.public_dir = true, .print_routes = true}, out);
}

// Unsets these environment variables before and after a test, so that what
// one test sets (or the machine has) cannot reach another.
struct EnvGuard {
  explicit EnvGuard(std::initializer_list<const char*> names) : names_(names) {
    for (const char* n : names_) unsetenv(n);
  }
  ~EnvGuard() {
    for (const char* n : names_) unsetenv(n);
  }
  std::vector<const char*> names_;
};

TEST(CommandLine, DefaultsWithoutFlags) {
  EnvGuard env{"PORT", "HOSTNAME", "SPUR_LOG_FORMAT", "SPUR_LOG_LEVEL"};
  CommandLine cl;
  ASSERT_EQ(parse({}, cl), ParseOutcome::run);
  EXPECT_EQ(cl.server.port, 3000);
  EXPECT_EQ(cl.server.hostname, "0.0.0.0");
  EXPECT_FALSE(cl.public_dir.has_value());
  EXPECT_FALSE(cl.print_routes);
  EXPECT_FALSE(cl.log_format.has_value());
  EXPECT_FALSE(cl.log_level.has_value());
  EXPECT_EQ(cl.server.timeouts.body, std::chrono::seconds(10));
}

TEST(CommandLine, FlagsFillTheServerOptions) {
  EnvGuard env{"PORT", "HOSTNAME"};
  CommandLine cl;
  ASSERT_EQ(
      parse({"-p", "0", "--hostname", "127.0.0.1", "--workers", "3", "--offload-threads", "5",
             "--body-timeout-ms", "2500", "--max-body-bytes", "1024", "--max-target-bytes", "70000",
             "--max-header-bytes", "80000", "--public-dir", "/srv/public", "--routes"},
            cl),
      ParseOutcome::run);
  EXPECT_EQ(cl.server.port, 0);
  EXPECT_EQ(cl.server.hostname, "127.0.0.1");
  EXPECT_EQ(cl.server.workers, 3u);
  EXPECT_EQ(cl.server.offload_threads, 5u);
  EXPECT_EQ(cl.server.timeouts.body, std::chrono::milliseconds(2500));
  EXPECT_EQ(cl.server.limits.max_body_bytes, 1024u);
  EXPECT_EQ(cl.server.limits.max_target_bytes, 70000u);
  EXPECT_EQ(cl.server.limits.max_header_bytes, 80000u);
  EXPECT_EQ(cl.public_dir, "/srv/public");
  EXPECT_TRUE(cl.print_routes);
}

TEST(CommandLine, EnvironmentFirstFlagsOverride) {
  EnvGuard env{"PORT", "HOSTNAME", "SPUR_LOG_FORMAT", "SPUR_LOG_LEVEL"};
  setenv("PORT", "4000", 1);
  setenv("SPUR_LOG_FORMAT", "json", 1);
  CommandLine from_env;
  ASSERT_EQ(parse({}, from_env), ParseOutcome::run);
  EXPECT_EQ(from_env.server.port, 4000);
  EXPECT_EQ(from_env.log_format, LogFormat::json);
  CommandLine overridden;
  ASSERT_EQ(parse({"--port", "5000", "--log-format", "dev"}, overridden), ParseOutcome::run);
  EXPECT_EQ(overridden.server.port, 5000);
  EXPECT_EQ(overridden.log_format, LogFormat::dev);
}

TEST(CommandLine, LogFlagsOverrideTheAppsLogOptions) {
  EnvGuard env{"SPUR_LOG_FORMAT", "SPUR_LOG_LEVEL"};
  CommandLine cl;
  ASSERT_EQ(parse({"--log-level", "warn"}, cl), ParseOutcome::run);
  const LogOptions app{.format = LogFormat::json, .level = LogLevel::debug};
  const LogOptions used = cl.log_options(app);
  EXPECT_EQ(used.format, LogFormat::json);  // not given: the app's
  EXPECT_EQ(used.level, LogLevel::warn);
}

TEST(CommandLine, BadValuesAndUnknownFlagsAreRefused) {
  EnvGuard env{"PORT", "SPUR_LOG_FORMAT", "SPUR_LOG_LEVEL"};
  testing::internal::CaptureStderr();
  for (std::initializer_list<const char*> args :
       {std::initializer_list<const char*>{"--port", "http"},
        {"--log-level", "loud"},
        {"--log-format", "xml"},
        {"--body-timeout-ms", "0"},
        {"--no-such-flag"},
        {"--workers"}}) {
    CommandLine cl;
    EXPECT_EQ(parse(args, cl), ParseOutcome::exit_error) << *args.begin();
  }
  const std::string errors = testing::internal::GetCapturedStderr();
  EXPECT_NE(errors.find("--log-level"), std::string::npos) << errors;
}

TEST(CommandLine, HelpAndVersionExitCleanly) {
  testing::internal::CaptureStdout();
  CommandLine help, version;
  EXPECT_EQ(parse({"--help"}, help), ParseOutcome::exit_ok);
  EXPECT_EQ(parse({"--version"}, version), ParseOutcome::exit_ok);
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("a test server"), std::string::npos);
  EXPECT_NE(out.find("--max-target-bytes"), std::string::npos);
  EXPECT_NE(out.find("--log-format"), std::string::npos);
  EXPECT_NE(out.find("spur " + std::string(spur_version())), std::string::npos);
}

}  // namespace
}  // namespace spur
