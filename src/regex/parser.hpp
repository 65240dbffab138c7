// Pattern text -> AST: the entry point of the recursive-descent parser in parser.cpp.
//
// The parser accepts ECMAScript (non-unicode mode) restricted to what the matcher supports
// and refuses everything else with std::invalid_argument naming what and where. It also
// enforces the pattern-size and nesting limits of LinearRegex, which bound its recursion.
#pragma once

#include <cstddef>
#include <string_view>

#include "ast.hpp"

namespace spur::detail::regex {

struct ParsedPattern final {
  NodePtr root;
  std::size_t lookahead_count = 0;  // lookahead nodes, numbered 0..count-1 (lookahead_id)
};

// Throws std::invalid_argument ("LinearRegex: <what> at offset <n> in pattern \"...\"").
ParsedPattern parse(std::string_view pattern);

}  // namespace spur::detail::regex
