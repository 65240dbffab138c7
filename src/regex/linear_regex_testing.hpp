// Test-only access to LinearRegex's two engines. Not part of the public API: production
// code calls LinearRegex::full_match, which runs the lazy DFA and falls back to the Pike
// VM by itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "spur/regex/linear_regex.hpp"

namespace spur::detail {

struct LinearRegexDfaOptions final {
  std::size_t cache_bytes = 0;  // 0: the default per-call bound
  // On-demand lookahead work allowed per lookahead before its table is filled, in bytes.
  // SIZE_MAX: the default (input size + slack); 0: always fill tables.
  std::size_t lookahead_query_budget = SIZE_MAX;
};

struct LinearRegexDfaReport final {
  bool matched = false;
  bool gave_up = false;  // the DFA gave up and the Pike VM answered
  std::size_t states = 0;
  std::size_t cache_clears = 0;
  std::size_t skip_tables = 0;
  std::size_t lookahead_queries = 0;
  std::size_t lookahead_tables = 0;
};

struct LinearRegexTesting final {
  using DfaOptions = LinearRegexDfaOptions;
  using DfaReport = LinearRegexDfaReport;

  // The reference: Pike VM with lookahead tables, exactly as before the DFA existed.
  static bool pike_vm(const LinearRegex& re, std::string_view input) noexcept;

  // The default engine (lazy DFA, Pike VM if it gives up) with the given tuning.
  static DfaReport lazy_dfa(const LinearRegex& re, std::string_view input,
                            const DfaOptions& options = {}) noexcept;
};

}  // namespace spur::detail
