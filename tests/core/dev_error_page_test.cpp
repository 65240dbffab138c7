// What `spur dev` answers for a broken route: JSON for API clients, a page for
// browsers, the source around the error, and nothing the page could execute.
#include "spur/core/dev_error_page.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>

namespace spur::detail {
namespace {

const std::string& body_of(const Response& r) { return r.body(); }

TEST(DevErrorPage, JsonForApiClients) {
  const Response r = dev_error_response({.error = "Compile error",
                                         .message = "'x' was not declared",
                                         .file = "app/api/a/route.cpp",
                                         .line = 5,
                                         .column = 12},
                                        "*/*");
  EXPECT_EQ(r.status(), 500);
  EXPECT_EQ(boost::json::parse(body_of(r)),
            boost::json::parse(R"({"error":"Compile error","file":"app/api/a/route.cpp",
                                   "line":5,"column":12,"message":"'x' was not declared"})"));
}

TEST(DevErrorPage, JsonWithoutUnknownPosition) {
  const Response r = dev_error_response(
      {.error = "Internal Server Error", .message = "boom", .file = "pages/api/boom.cpp"}, "");
  EXPECT_EQ(boost::json::parse(body_of(r)),
            boost::json::parse(R"({"error":"Internal Server Error","file":"pages/api/boom.cpp",
                                   "message":"boom"})"));
}

TEST(DevErrorPage, HtmlForBrowsersEscaped) {
  const Response r = dev_error_response({.error = "Compile error",
                                         .message = "no match for 'operator<' <script>",
                                         .file = "app/api/a/route.cpp",
                                         .line = 2,
                                         .column = 3,
                                         .source = "1\tint a;\n2\tint b = <c>;\n3\t}\n"},
                                        "text/html,application/xhtml+xml,*/*;q=0.8");
  EXPECT_EQ(r.status(), 500);
  const std::string page = body_of(r);
  EXPECT_NE(page.find("<!doctype html>"), std::string::npos);
  EXPECT_NE(page.find("app/api/a/route.cpp:2:3"), std::string::npos);
  EXPECT_NE(page.find("operator&lt;&#39;"), std::string::npos) << page;
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_NE(page.find("<tr class=hit><td>2</td><td>int b = &lt;c&gt;;</td></tr>"),
            std::string::npos);
}

TEST(DevErrorPage, SourceExcerptAroundTheLine) {
  const auto path = std::filesystem::temp_directory_path() / "spur_dev_error_page_test.cpp";
  std::ofstream(path) << "one\ntwo\nthree\nfour\nfive\nsix\n";
  EXPECT_EQ(source_excerpt(path.string(), 4), "2\ttwo\n3\tthree\n4\tfour\n5\tfive\n6\tsix\n");
  EXPECT_EQ(source_excerpt(path.string(), 1), "1\tone\n2\ttwo\n3\tthree\n");
  EXPECT_EQ(source_excerpt(path.string(), 0), "");
  EXPECT_EQ(source_excerpt("/no/such/file", 3), "");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace spur::detail
