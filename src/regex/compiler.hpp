// AST -> NFA programs: the entry point of the Thompson-construction compiler in compiler.cpp.
//
// Compiling also enforces the limits that depend on the expanded program rather than the
// text (LinearRegex::kMaxInstructions, kMaxLookaheads), and computes the byte classes.
#pragma once

#include <cstddef>

#include "ast.hpp"
#include "program.hpp"

namespace spur::detail::regex {

// `lookahead_count` is the parser's count of lookahead nodes (ids 0..count-1). Throws
// std::invalid_argument when a limit is exceeded.
Automaton compile(const Node& root, std::size_t lookahead_count);

}  // namespace spur::detail::regex
