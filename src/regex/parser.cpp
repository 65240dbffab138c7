// The recursive-descent parser: pattern text -> AST (ast.hpp), with its limits and messages.
//
// One method per grammar production (disjunction, alternative, term, quantifier, atom,
// group, class, escape). Recursion happens only through groups, and the parser refuses
// nesting deeper than LinearRegex::kMaxNestingDepth, so its stack use is bounded. Every
// refusal throws std::invalid_argument saying what is wrong and at which offset.

#include "parser.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "byte_set.hpp"
#include "spur/regex/linear_regex.hpp"

namespace spur::detail::regex {
namespace {

constexpr std::size_t kMaxPatternInMessage = 120;

// Parser: ECMAScript (non-unicode mode) grammar restricted to what the matcher supports.
// Anything outside the subset is refused rather than reinterpreted.

// One ClassAtom or character escape: a set of bytes, and whether it is a single byte
// (only single bytes may be range endpoints).
struct EscapeValue final {
  ByteSet set;
  bool single = false;
  unsigned char value = 0;
};

EscapeValue escape_of_byte(unsigned char c) { return {single_byte(c), true, c}; }

EscapeValue escape_of_set(const ByteSet& set) { return {set, false, 0}; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Printable ASCII other than letters and digits ('_' and ' ' included): escaping one of
// these means the character itself, as in JS's non-unicode mode (IdentityEscape).
bool is_identity_escape(unsigned char c) {
  const bool alphanumeric =
      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return c >= ' ' && c < 0x7f && !alphanumeric;
}

class Parser final {
 public:
  explicit Parser(std::string_view pattern) : pattern_(pattern) {}

  NodePtr parse() {
    // Bounds the AST built before the instruction limit can apply (e.g. "a{0}" x 10^6).
    if (pattern_.size() > LinearRegex::kMaxPatternBytes) {
      fail_at("pattern longer than " + std::to_string(LinearRegex::kMaxPatternBytes) + " bytes", 0);
    }
    NodePtr root = parse_disjunction();
    if (!at_end()) fail("unbalanced ')'");  // parse_disjunction stops only at ')' or end
    return root;
  }

  std::size_t lookahead_count() const { return lookahead_count_; }

 private:
  bool at_end() const { return pos_ >= pattern_.size(); }
  char peek() const { return pattern_[pos_]; }
  bool peek_is(char c) const { return !at_end() && pattern_[pos_] == c; }
  bool peek_is(std::string_view s) const { return pattern_.substr(pos_).starts_with(s); }
  char take() { return pattern_[pos_++]; }

  [[noreturn]] void fail(const std::string& what) const { fail_at(what, pos_); }

  [[noreturn]] void fail_at(const std::string& what, std::size_t offset) const {
    std::string shown(pattern_.substr(0, kMaxPatternInMessage));
    if (pattern_.size() > kMaxPatternInMessage) shown += "...";
    throw std::invalid_argument("LinearRegex: " + what + " at offset " + std::to_string(offset) +
                                " in pattern \"" + shown + "\"");
  }

  NodePtr parse_disjunction() {
    std::vector<NodePtr> alternatives;
    alternatives.push_back(parse_alternative());
    while (peek_is('|')) {
      take();
      alternatives.push_back(parse_alternative());
    }
    if (alternatives.size() == 1) return std::move(alternatives.front());
    auto node = make_node(NodeKind::kAlternation);
    node->children = std::move(alternatives);
    return node;
  }

  NodePtr parse_alternative() {
    std::vector<NodePtr> terms;
    while (!at_end() && peek() != '|' && peek() != ')') {
      NodePtr term = parse_term();
      if (term->kind == NodeKind::kEmpty) continue;
      if (term->kind == NodeKind::kConcat) {  // an unquantified group: splice it in
        for (auto& child : term->children) terms.push_back(std::move(child));
      } else {
        terms.push_back(std::move(term));
      }
    }
    if (terms.empty()) return make_node(NodeKind::kEmpty);
    if (terms.size() == 1) return std::move(terms.front());
    auto node = make_node(NodeKind::kConcat);
    node->children = std::move(terms);
    return node;
  }

  NodePtr parse_term() {
    const std::size_t start = pos_;
    switch (peek()) {
      case '^':
        take();
        // A quantifier after an assertion is refused when the next term starts with it.
        return make_assertion(Assertion::kBegin);
      case '$': take(); return make_assertion(Assertion::kEnd);
      case '*':
      case '+':
      case '?': fail("nothing to repeat before quantifier '" + std::string(1, peek()) + "'");
      case '{':
        if (braced_quantifier_ahead()) fail("nothing to repeat before quantifier '{'");
        fail("lone '{' (escape it as \\{)");
      case '\\':
        if (peek_is("\\b")) {
          pos_ += 2;
          return make_assertion(Assertion::kWordBoundary);
        }
        if (peek_is("\\B")) {
          pos_ += 2;
          return make_assertion(Assertion::kNotWordBoundary);
        }
        break;
      default: break;
    }
    NodePtr atom = parse_atom();
    const bool non_ascii_literal = static_cast<unsigned char>(pattern_[start]) >= 0x80;
    return parse_quantifier(std::move(atom), non_ascii_literal);
  }

  // Applies a quantifier if one follows. Lookaheads are quantifiable (ECMAScript Annex B).
  NodePtr parse_quantifier(NodePtr atom, bool non_ascii_literal) {
    if (at_end()) return atom;
    const std::size_t start = pos_;
    std::uint32_t min = 0;
    std::uint32_t max = 0;
    switch (peek()) {
      case '*':
        take();
        min = 0;
        max = kUnbounded;
        break;
      case '+':
        take();
        min = 1;
        max = kUnbounded;
        break;
      case '?':
        take();
        min = 0;
        max = 1;
        break;
      case '{':
        if (!braced_quantifier_ahead()) fail("lone '{' (escape it as \\{)");
        parse_braced_quantifier(min, max);
        break;
      default: return atom;
    }
    if (peek_is('?')) take();  // lazy: same language, so same boolean answer
    if (non_ascii_literal) {
      fail_at(
          "quantifier after a non-ASCII byte (matching is byte-oriented, so it would repeat "
          "one byte of a UTF-8 sequence; wrap the sequence in (?:...))",
          start);
    }
    return make_repeat(std::move(atom), min, max);
  }

  // True when the text at pos_ is a syntactically complete {n}, {n,} or {n,m}.
  bool braced_quantifier_ahead() const {
    std::size_t i = pos_ + 1;
    auto digits = [&] {
      const std::size_t begin = i;
      while (i < pattern_.size() && pattern_[i] >= '0' && pattern_[i] <= '9') ++i;
      return i > begin;
    };
    if (!digits()) return false;
    if (i < pattern_.size() && pattern_[i] == ',') {
      ++i;
      digits();
    }
    return i < pattern_.size() && pattern_[i] == '}';
  }

  std::uint32_t parse_count() {
    const std::size_t start = pos_;
    std::uint64_t value = 0;
    while (!at_end() && peek() >= '0' && peek() <= '9') {
      value = value * 10 + static_cast<std::uint64_t>(take() - '0');
      if (value > LinearRegex::kMaxRepeat) {
        fail_at("repetition count exceeds the limit of " + std::to_string(LinearRegex::kMaxRepeat),
                start);
      }
    }
    return static_cast<std::uint32_t>(value);
  }

  void parse_braced_quantifier(std::uint32_t& min, std::uint32_t& max) {
    const std::size_t start = pos_;
    take();  // '{'
    min = parse_count();
    max = min;
    if (peek_is(',')) {
      take();
      max = peek_is('}') ? kUnbounded : parse_count();
    }
    take();  // '}', guaranteed by braced_quantifier_ahead()
    if (max < min) fail_at("numbers out of order in {} quantifier", start);
  }

  NodePtr parse_atom() {
    switch (peek()) {
      case '.': take(); return make_bytes(dot_set());
      case '[': return parse_class();
      case '(': return parse_group();
      case '\\': {
        const EscapeValue value = parse_escape(/*in_class=*/false);
        return make_bytes(value.set);
      }
      default:
        // Includes ']' and '}', which ECMAScript (Annex B) reads as literals.
        return make_bytes(single_byte(static_cast<unsigned char>(take())));
    }
  }

  NodePtr parse_group() {
    const std::size_t open = pos_;
    take();  // '('
    if (++depth_ > LinearRegex::kMaxNestingDepth) {
      fail_at(
          "groups nested deeper than " + std::to_string(LinearRegex::kMaxNestingDepth) + " levels",
          open);
    }
    bool is_lookahead = false;
    bool negated = false;
    if (peek_is("?:")) {
      pos_ += 2;
    } else if (peek_is("?=") || peek_is("?!")) {
      is_lookahead = true;
      negated = pattern_[pos_ + 1] == '!';
      pos_ += 2;
    } else if (peek_is("?<=") || peek_is("?<!")) {
      fail("lookbehind is not supported");
    } else if (peek_is("?<")) {
      parse_group_name();
    } else if (peek_is('?')) {
      fail("unsupported group syntax '(?' (inline flags/modifiers are not supported)");
    }
    NodePtr body = parse_disjunction();
    if (!peek_is(')')) fail_at("unbalanced '('", open);
    take();
    --depth_;
    if (!is_lookahead) return body;
    auto node = make_node(NodeKind::kLookahead);
    node->negated = negated;
    node->lookahead_id = static_cast<std::uint32_t>(lookahead_count_++);
    node->children.push_back(std::move(body));
    return node;
  }

  // Named groups only capture, which a boolean matcher ignores; we still validate them.
  void parse_group_name() {
    const std::size_t start = pos_;
    pos_ += 2;  // "?<"
    const std::size_t name_begin = pos_;
    while (!at_end() && (is_word_byte(static_cast<unsigned char>(peek())) || peek() == '$')) {
      take();
    }
    const std::string_view name = pattern_.substr(name_begin, pos_ - name_begin);
    if (name.empty() || (name.front() >= '0' && name.front() <= '9') || !peek_is('>')) {
      fail_at("invalid group name (expected (?<name>...) with an ASCII identifier)", start);
    }
    take();  // '>'
    for (const auto& seen : group_names_) {
      if (seen == name) fail_at("duplicate group name '" + std::string(name) + "'", start);
    }
    group_names_.emplace_back(name);
  }

  NodePtr parse_class() {
    const std::size_t open = pos_;
    take();  // '['
    const bool negated = peek_is('^');
    if (negated) take();
    ByteSet set;
    // ECMAScript: a ']' right after '[' or '[^' closes the class ([] and [^]).
    while (true) {
      if (at_end()) fail_at("unterminated character class", open);
      if (peek() == ']') {
        take();
        break;
      }
      const std::size_t atom_start = pos_;
      const EscapeValue first = parse_class_atom();
      const bool is_range = peek_is('-') && pos_ + 1 < pattern_.size() && pattern_[pos_ + 1] != ']';
      if (!is_range) {
        set.add_all(first.set);
        continue;
      }
      take();  // '-'
      const EscapeValue last = parse_class_atom();
      if (!first.single || !last.single) {
        fail_at("character class escape used as a range endpoint", atom_start);
      }
      if (first.value > last.value) fail_at("range out of order in character class", atom_start);
      set.add_range(first.value, last.value);
    }
    if (negated) set.invert();
    return make_bytes(set);
  }

  EscapeValue parse_class_atom() {
    if (peek() == '\\') return parse_escape(/*in_class=*/true);
    const auto c = static_cast<unsigned char>(peek());
    if (c >= 0x80) {
      fail(
          "non-ASCII byte in a character class (matching is byte-oriented, so a UTF-8 "
          "character would be split into separate bytes)");
    }
    take();
    return escape_of_byte(c);
  }

  // Parses '\' and what follows; \b and \B outside classes are handled by parse_term.
  EscapeValue parse_escape(bool in_class) {
    const std::size_t start = pos_;
    take();  // '\'
    if (at_end()) fail_at("trailing backslash", start);
    const char c = take();
    switch (c) {
      case 'd': return escape_of_set(digit_set());
      case 'w': return escape_of_set(word_set());
      case 's': return escape_of_set(space_set());
      case 'D':
      case 'W':
      case 'S': {
        ByteSet set = c == 'D' ? digit_set() : c == 'W' ? word_set() : space_set();
        set.invert();
        return escape_of_set(set);
      }
      case 'n': return escape_of_byte('\n');
      case 'r': return escape_of_byte('\r');
      case 't': return escape_of_byte('\t');
      case 'f': return escape_of_byte('\f');
      case 'v': return escape_of_byte('\v');
      case 'b':  // only reached inside a class, where \b is backspace
        return escape_of_byte('\b');
      case 'B': fail_at("\\B is not allowed in a character class", start);
      case '0':
        if (!at_end() && peek() >= '0' && peek() <= '9') {
          fail_at("octal escape is not supported", start);
        }
        return escape_of_byte('\0');
      case 'x': return escape_of_byte(parse_hex_escape(2, start));
      case 'u':
        if (peek_is('{')) fail_at("\\u{...} code point escapes are not supported", start);
        return escape_of_byte(parse_hex_escape(4, start));
      case 'c':
        if (!at_end() && ((peek() >= 'a' && peek() <= 'z') || (peek() >= 'A' && peek() <= 'Z'))) {
          return escape_of_byte(static_cast<unsigned char>(take() % 32));
        }
        fail_at("\\c must be followed by an ASCII letter", start);
      case 'k': fail_at("named backreference \\k is not supported", start);
      case 'p':
      case 'P': fail_at("unicode property escapes are not supported", start);
      default: break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (c >= '1' && c <= '9') {
      fail_at(in_class ? "octal escape is not supported"
                       : "backreference \\" + std::string(1, c) + " is not supported",
              start);
    }
    if (is_identity_escape(byte)) return escape_of_byte(byte);
    fail_at("unsupported escape \\" + (byte >= 0x20 && byte < 0x7f ? std::string(1, c) : "?"),
            start);
  }

  // \xHH or \uHHHH. Values >= 0x80 are refused: in JS they denote a code point, which
  // is several bytes in UTF-8 input, and a byte-oriented match would silently differ.
  unsigned char parse_hex_escape(int digits, std::size_t start) {
    unsigned value = 0;
    for (int i = 0; i < digits; ++i) {
      const int digit = at_end() ? -1 : hex_value(peek());
      if (digit < 0) {
        fail_at(digits == 2 ? "\\x must be followed by two hex digits"
                            : "\\u must be followed by four hex digits",
                start);
      }
      take();
      value = value * 16 + static_cast<unsigned>(digit);
    }
    if (value >= 0x80) {
      fail_at("escape of a non-ASCII character is not supported (byte-oriented matcher)", start);
    }
    return static_cast<unsigned char>(value);
  }

  std::string_view pattern_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::size_t lookahead_count_ = 0;
  std::vector<std::string> group_names_;
};

}  // namespace

ParsedPattern parse(std::string_view pattern) {
  Parser parser(pattern);
  ParsedPattern parsed;
  parsed.root = parser.parse();
  parsed.lookahead_count = parser.lookahead_count();
  return parsed;
}

}  // namespace spur::detail::regex
