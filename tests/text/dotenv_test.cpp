// .env files read as dotenv reads them, and expanded as dotenv-expand does.
#include "spur/text/dotenv.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace spur::text {
namespace {

std::map<std::string, std::string> parsed(std::string_view text) {
  std::map<std::string, std::string> out;
  for (DotenvEntry& e : parse_dotenv(text)) out[e.key] = e.value;
  return out;
}

TEST(Dotenv, LinesKeysAndValues) {
  EXPECT_EQ(parsed("A=1\nexport B = two words  \nC: colon\nD=\nE.F-G=x\n"),
            (std::map<std::string, std::string>{
                {"A", "1"}, {"B", "two words"}, {"C", "colon"}, {"D", ""}, {"E.F-G", "x"}}));
}

TEST(Dotenv, CommentsAndOtherLinesAreIgnored) {
  EXPECT_EQ(parsed("# a comment\nA=1 # note\nB=x#y\n  \nnot a line\nC:nospace\n=novalue\n"),
            (std::map<std::string, std::string>{{"A", "1"}, {"B", "x"}}));
}

TEST(Dotenv, QuotedValues) {
  EXPECT_EQ(
      parsed("A='single # kept'\nB=\"double\\nline\"\nC=`back'tick\"`\nD='a\\nb'\n"),
      (std::map<std::string, std::string>{
          {"A", "single # kept"}, {"B", "double\nline"}, {"C", "back'tick\""}, {"D", "a\\nb"}}));
  EXPECT_EQ(parsed("KEY=\"-----BEGIN\r\nline two\r\n-----END\"\nNEXT=1\n"),
            (std::map<std::string, std::string>{{"KEY", "-----BEGIN\nline two\n-----END"},
                                                {"NEXT", "1"}}));
  EXPECT_EQ(parsed("A=\"say \\\"hi\\\"\"\n"),
            (std::map<std::string, std::string>{{"A", "say \\\"hi\\\""}}));
  EXPECT_EQ(parsed("A='unclosed\nB=2\n"),
            (std::map<std::string, std::string>{{"A", "'unclosed"}, {"B", "2"}}));
}

TEST(Dotenv, ALaterLineWinsAndSingleQuotesAreLiteral) {
  const std::vector<DotenvEntry> entries = parse_dotenv("A=1\nB='$A'\nA=2\r\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].key, "B");
  EXPECT_TRUE(entries[0].literal);
  EXPECT_EQ(entries[1].key, "A");
  EXPECT_EQ(entries[1].value, "2");
}

TEST(Dotenv, Expansion) {
  auto lookup = [](std::string_view name) -> std::optional<std::string> {
    if (name == "HOST") return "db.local";
    if (name == "EMPTY") return "";
    return std::nullopt;
  };
  EXPECT_EQ(expand_dotenv("postgres://$HOST:5432/${HOST}", lookup),
            "postgres://db.local:5432/db.local");
  EXPECT_EQ(expand_dotenv("${MISSING:-fallback} ${EMPTY:-default} $MISSING.", lookup),
            "fallback default .");
  EXPECT_EQ(expand_dotenv("price \\$5, $ alone, ${unclosed", lookup),
            "price $5, $ alone, ${unclosed");
}

}  // namespace
}  // namespace spur::text
