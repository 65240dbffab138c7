// The Pike VM: the reference engine, and the lazy DFA's fallback.
//
// It simulates the NFA programs directly over sparse sets of threads, with one table per
// lookahead filled first by a right-to-left pass (see pike_vm.cpp). O(|input| * |program|)
// time and O(|program|) scratch plus input/8 bytes per lookahead, with no input-dependent
// recursion. LinearRegex uses it for short inputs and when the lazy DFA gives up; the tests
// use it to check the DFA.
#pragma once

#include <string_view>

#include "program.hpp"

namespace spur::detail::regex {

// Whether `automaton` matches all of `input`. Allocates only per-call state.
bool pike_vm_full_match(const Automaton& automaton, std::string_view input);

}  // namespace spur::detail::regex
