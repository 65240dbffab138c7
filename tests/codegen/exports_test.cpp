// `spur routes` reads an App Router file's methods from its text.
#include "spur/codegen/exports.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace spur::codegen {
namespace {

using Names = std::vector<std::string>;

TEST(Exports, FunctionsAndCallableObjects) {
  EXPECT_EQ(exported_methods("Response GET(Request& req) { return x; }\n"
                             "Async<Response> POST(Request&) { co_return x; }\n"
                             "const auto DELETE = with_auth(remove);\n"
                             "Async<void> SOCKET(WebSocket& ws) {}\n"),
            (Names{"DELETE", "GET", "POST", "SOCKET"}));
  EXPECT_EQ(allow_for(Names{"DELETE", "GET", "POST", "SOCKET"}),
            "DELETE, GET, HEAD, OPTIONS, POST");
  EXPECT_EQ(allow_for(Names{"SOCKET"}), "GET, OPTIONS");  // a plain GET answers 426
  EXPECT_EQ(allow_for(Names{}), "OPTIONS");
}

TEST(Exports, CommentsStringsAndOtherUsesAreNotDefinitions) {
  EXPECT_EQ(exported_methods("// Response GET() {}\n"
                             "/* POST( */\n"
                             "const char* s = \"PUT(\";\n"
                             "auto r = client.PATCH(x);\n"
                             "auto q = http::Method::HEAD;\n"
                             "int GETTER() { return 0; }\n"
                             "Response OPTIONS() { return Response(204); }\n"),
            (Names{"OPTIONS"}));
}

}  // namespace
}  // namespace spur::codegen
