#pragma once
// What a route file exports, read from its source without compiling it, for
// `spur routes`: the method names an App Router file defines at file scope
// (`Response GET(…)`, `const auto POST = with_auth(…);`, `Async<void> SOCKET(…)`).
// A scan of the text, not a compiler: a name defined by a macro is not seen.
#include <string>
#include <string_view>
#include <vector>

namespace spur::codegen {

// The exported names of `source`, in Allow-header order ("DELETE", "GET",
// "HEAD", "OPTIONS", "PATCH", "POST", "PUT"; "SOCKET" last), each once.
// Comments, string and character literals are skipped; a name counts when it
// is followed by `(`, `=` or `{` and not preceded by `.`, `->` or `::`.
// Example: exported_methods("Response GET() {…}\n// POST(\n") == {"GET"}.
std::vector<std::string> exported_methods(std::string_view source);

// The Allow value `spur routes` shows for those names: HEAD with GET (or
// SOCKET), OPTIONS always, as the App answers them.
std::string allow_for(const std::vector<std::string>& exported);

}  // namespace spur::codegen
