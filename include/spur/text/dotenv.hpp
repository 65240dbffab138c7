#pragma once
// `.env` files as Next.js reads them (dotenv's grammar, then dotenv-expand's
// `$VAR` expansion), pure functions of the text.
//   parse_dotenv("export A=1\nB='two words' # note\nC=\"x\\ny\"\n")
//     == {{"A", "1"}, {"B", "two words"}, {"C", "x\ny"}}
// A line is `[export ]KEY=VALUE` (or `KEY: VALUE`); KEY is letters, digits,
// '_', '.', '-'; a value may be quoted with ', " or ` (and then span lines;
// only inside "…" are \n and \r escapes); an unquoted value ends at '#' and
// is trimmed. Other lines are ignored. A later line with the same key wins.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spur::text {

struct DotenvEntry {
  std::string key;
  std::string value;
  bool literal = false;  // single-quoted: not expanded
};

std::vector<DotenvEntry> parse_dotenv(std::string_view text);

// Replaces $NAME, ${NAME} and ${NAME:-default} in `value` with lookup(NAME)
// (empty when it has none); \$ is a literal '$'. Values found are not
// expanded again.
std::string expand_dotenv(
    std::string_view value,
    const std::function<std::optional<std::string>(std::string_view)>& lookup);

}  // namespace spur::text
