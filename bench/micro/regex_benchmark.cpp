// Benchmark for LinearRegex::full_match: prints a table, asserts nothing.
//
// Build: g++ -std=c++20 -O2 $SRCS linear_regex_bench.cpp -o bench && ./bench
// ($SRCS: the library's .cpp files, see README.md.)
// Each row compiles its pattern once, then times full_match on one input; the time shown
// is the median of several runs (each run repeats short calls enough to last >= 2 ms).

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "spur/regex/linear_regex.hpp"

namespace {

using spur::detail::LinearRegex;

constexpr std::size_t k64KiB = 64 * 1024;
constexpr std::size_t kMiB = 1024 * 1024;
constexpr int kRuns = 7;
constexpr double kMinRunSeconds = 0.002;

struct Input final {
  const char* name;
  std::string text;
};

struct Case final {
  const char* label;
  std::string pattern;
  const Input* input;
};

std::string repeat(std::string_view unit, std::size_t length) {
  std::string out;
  while (out.size() < length) out += unit;
  out.resize(length);
  return out;
}

// Printable ASCII (0x21..0x7e), fixed seed so every run sees the same bytes.
std::string random_path(std::size_t length) {
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  std::string out = "/";
  while (out.size() < length) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    out += static_cast<char>(0x21 + state % 94);
  }
  return out;
}

// A host label of random [a-z0-9-] bytes, then ".example.com".
std::string random_host(std::size_t length) {
  constexpr std::string_view kLabel = "abcdefghijklmnopqrstuvwxyz0123456789-";
  std::uint64_t state = 0x2545F4914F6CDD1Dull;
  std::string out;
  while (out.size() + 12 < length) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    out += kLabel[state % kLabel.size()];
  }
  return out + ".example.com";
}

// Median seconds per call.
double time_call(const LinearRegex& re, const std::string& input, bool& result) {
  std::vector<double> per_call;
  for (int run = 0; run < kRuns; ++run) {
    std::size_t calls = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    do {
      result = re.full_match(input);
      ++calls;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < kMinRunSeconds);
    per_call.push_back(elapsed / static_cast<double>(calls));
  }
  std::sort(per_call.begin(), per_call.end());
  return per_call[per_call.size() / 2];
}

void print_row(const Case& c) {
  const LinearRegex re(c.pattern);
  bool result = false;
  const double seconds = time_call(re, c.input->text, result);
  const double bytes = static_cast<double>(std::max<std::size_t>(c.input->text.size(), 1));
  std::printf("| %-3s | %-27s | %-5s | %10.1f | %7.2f |\n", c.label, c.input->name,
              result ? "true" : "false", seconds * 1e6, seconds * 1e9 / bytes);
}

}  // namespace

int main() {
  const Input slashes{"/ + a/ x32767", "/" + repeat("a/", k64KiB - 1)};
  const Input xs{"/ + x x65535", "/" + std::string(k64KiB - 1, 'x')};
  const Input api{"/api/ + y x65530", "/api/" + std::string(k64KiB - 5, 'y')};
  const Input random{"random printable", random_path(k64KiB)};
  const Input api_segments{"/api + /a x32766", "/api" + repeat("/a", k64KiB - 4)};
  const Input host{"x x65524 + .example.com", std::string(k64KiB - 12, 'x') + ".example.com"};
  const Input random_label{"random label + .example.com", random_host(k64KiB)};
  const Input short_path{"/about/team (11 B)", "/about/team"};
  const Input path_256{"/ + a/ x127 (255 B)", "/" + repeat("a/", 254)};
  const Input mib_path{"/ + a x(1MiB-1)", "/" + std::string(kMiB - 1, 'a')};
  const Input mib_as{"a x1MiB", std::string(kMiB, 'a')};
  const Input mib_as_b{"a x1MiB + b", std::string(kMiB, 'a') + "b"};

  const std::string next_default = R"(^/((?!api|_next/static|_next/image|favicon.ico).*)$)";
  const std::string api_star = R"(^/api(?:/((?:[^\/#\?]+?)(?:/(?:[^\/#\?]+?))*))?$)";
  const std::string about_plus = R"(^/about(?:/((?:[^\/#\?]+?)(?:/(?:[^\/#\?]+?))*))$)";
  const std::string user_id = R"(^/user/(\d+)$)";
  const std::string lang = R"(^/lang/(en|fr)(?:/((?:[^\/#\?]+?)(?:/(?:[^\/#\?]+?))*))?$)";
  const std::string not_api_slash = R"(^/((?!api/|_next/).*)$)";
  const std::string files = R"(^/files/(.*)$)";
  const std::string host_pattern = R"(^(?:(?:[a-z0-9-]+\.)?example\.com)$)";
  const std::vector<std::string> path_patterns = {next_default, api_star,      about_plus, user_id,
                                                  lang,         not_api_slash, files};

  std::printf("Patterns:\n");
  for (std::size_t i = 0; i < path_patterns.size(); ++i) {
    std::printf("  %zu: %s\n", i + 1, path_patterns[i].c_str());
  }
  std::printf("  8: %s\n\n", host_pattern.c_str());

  std::vector<Case> cases;
  const char* const labels[] = {"1", "2", "3", "4", "5", "6", "7"};
  for (std::size_t i = 0; i < path_patterns.size(); ++i) {
    for (const Input* input : {&slashes, &xs, &api, &random}) {
      cases.push_back({labels[i], path_patterns[i], input});
    }
  }
  cases.push_back({"2", api_star, &api_segments});
  cases.push_back({"8", host_pattern, &host});
  cases.push_back({"8", host_pattern, &random_label});
  cases.push_back({"8", host_pattern, &random});
  cases.push_back({"1", next_default, &short_path});
  cases.push_back({"2", api_star, &short_path});
  cases.push_back({"1", next_default, &path_256});

  std::printf("| Pat | Input (64 KiB unless noted) | Match | us / call | ns / byte |\n");
  std::printf("|---|---|---|---|---|\n");
  for (const Case& c : cases) print_row(c);

  const std::vector<Case> large = {
      {"A", "^/((?!api|_next).*)$", &mib_path},
      {"B", next_default, &mib_path},
      {"C", "^(?:(?!ab).)*$", &mib_as},
      {"D", "^(a|aa)*$", &mib_as},
      {"D", "^(a|aa)*$", &mib_as_b},
      {"E", "^(?:a*)*b$", &mib_as},
      {"E", "^(?:a*)*b$", &mib_as_b},
      {"F", "^(?=.*x)(?!.*y).*$", &mib_as},
  };
  std::printf("\n1 MiB inputs:\n  A: ^/((?!api|_next).*)$\n  B: pattern 1\n");
  std::printf("  C: ^(?:(?!ab).)*$\n  D: ^(a|aa)*$\n  E: ^(?:a*)*b$\n  F: ^(?=.*x)(?!.*y).*$\n\n");
  std::printf("| Pat | Input | Match | us / call | ns / byte |\n|---|---|---|---|---|\n");
  for (const Case& c : large) print_row(c);
  return 0;
}
