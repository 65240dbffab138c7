#include "app/normalize_path.hpp"

#include <gtest/gtest.h>

namespace spur::detail {
namespace {

using Verdict = NormalizedPath::Verdict;

struct PathCase {
  const char* name;
  const char* raw;
  Verdict verdict;
  const char* path;  // "" = unchanged
};

const PathCase path_cases[] = {
    {"root", "/", Verdict::ok, ""},
    {"plain", "/api/hello", Verdict::ok, ""},
    {"dotted_name", "/api/hello.json", Verdict::ok, ""},
    {"dot_prefix_name", "/api/.well-known", Verdict::ok, ""},
    {"trailing_slash", "/api/hello/", Verdict::redirect, "/api/hello"},
    {"double_slash", "/api//hello", Verdict::redirect, "/api/hello"},
    {"leading_double_slash", "//api/hello", Verdict::redirect, "/api/hello"},
    {"dot_dot", "/api/users/../hello", Verdict::ok, "/api/hello"},
    {"encoded_dot_dot", "/api/users/%2e%2e/hello", Verdict::ok, "/api/hello"},
    {"single_dot", "/api/./hello", Verdict::ok, "/api/hello"},
    {"dot_dot_past_root", "/../../api", Verdict::ok, "/api"},
    {"trailing_dot_dot", "/api/x/..", Verdict::ok, "/api"},
    {"unreserved_decoded", "/api/hell%6F", Verdict::ok, "/api/hello"},
    {"unreserved_upper_hex", "/api/%7Euser", Verdict::ok, "/api/~user"},
    {"reserved_kept", "/api/users/a%2Fb", Verdict::ok, "/api/users/a%2Fb"},
    {"space_kept_encoded", "/api/c%20d", Verdict::ok, "/api/c%20d"},
    {"lone_percent", "/api/users/%", Verdict::bad_request, ""},
    {"short_escape", "/api/users/%E0%A4%A", Verdict::bad_request, ""},
    {"bad_hex", "/api/%zz", Verdict::bad_request, ""},
    {"trailing_slash_after_dots", "/api/x/../", Verdict::redirect, "/api"},
};

class NormalizePath : public testing::TestWithParam<PathCase> {};

TEST_P(NormalizePath, Case) {
  const PathCase& c = GetParam();
  NormalizedPath n = normalize_path(c.raw);
  EXPECT_EQ(n.verdict, c.verdict);
  EXPECT_EQ(n.path, c.path);
}

INSTANTIATE_TEST_SUITE_P(Table, NormalizePath, testing::ValuesIn(path_cases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace spur::detail
