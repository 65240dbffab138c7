// JSON string literals as JSON.stringify writes them, valid JSON whatever the bytes.
#include "spur/text/json_escape.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace spur::text {
namespace {

std::string quoted(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonEscape, AsJsonStringify) {
  EXPECT_EQ(quoted("plain"), R"("plain")");
  EXPECT_EQ(quoted("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(quoted("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(quoted(std::string_view("\x01\x1f", 2)), R"("\u0001\u001f")");
  EXPECT_EQ(quoted("J\xC3\xB6rg </script>"), "\"J\xC3\xB6rg </script>\"");
  EXPECT_EQ(quoted(""), R"("")");
}

TEST(JsonEscape, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(quoted("a\xFF"), "\"a\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace spur::text
