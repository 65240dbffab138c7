// The abstract syntax tree the parser builds and the compiler consumes.
//
// The tree is kept in a normal form (see make_repeat, and the kConcat invariant) so that
// compiling it never does work that emits no instructions. Assertion is also the argument
// of the NFA's Assert instruction, which is why the engines include this header too.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "byte_set.hpp"

namespace spur::detail::regex {

inline constexpr std::uint32_t kUnbounded = UINT32_MAX;

enum class NodeKind : std::uint8_t {
  kEmpty,        // matches the empty string
  kBytes,        // one byte from `bytes`
  kConcat,       // children in order (never empty children, at least two)
  kAlternation,  // any one child
  kRepeat,       // children[0] repeated min..max times
  kAssertion,    // ^ $ \b \B
  kLookahead,    // (?=children[0]) or (?!children[0])
};

enum class Assertion : std::uint8_t { kBegin, kEnd, kWordBoundary, kNotWordBoundary };

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node final {
  NodeKind kind = NodeKind::kEmpty;
  ByteSet bytes;
  std::vector<NodePtr> children;
  std::uint32_t min = 0;
  std::uint32_t max = 0;  // kUnbounded for * + {n,}
  Assertion assertion = Assertion::kBegin;
  bool negated = false;
  std::uint32_t lookahead_id = 0;  // dense id over all lookahead nodes of the pattern
};

inline NodePtr make_node(NodeKind kind) {
  auto node = std::make_unique<Node>();
  node->kind = kind;
  return node;
}

inline NodePtr make_bytes(const ByteSet& bytes) {
  auto node = make_node(NodeKind::kBytes);
  node->bytes = bytes;
  return node;
}

inline NodePtr make_assertion(Assertion assertion) {
  auto node = make_node(NodeKind::kAssertion);
  node->assertion = assertion;
  return node;
}

// Normalizes so that repeating a node always emits instructions: this bounds the work of
// the compiler by the program-size limit (e.g. for "((?:){1000}){1000}").
inline NodePtr make_repeat(NodePtr child, std::uint32_t min, std::uint32_t max) {
  if (child->kind == NodeKind::kEmpty || max == 0) return make_node(NodeKind::kEmpty);
  if (min == 1 && max == 1) return child;
  auto node = make_node(NodeKind::kRepeat);
  node->min = min;
  node->max = max;
  node->children.push_back(std::move(child));
  return node;
}

}  // namespace spur::detail::regex
