// The code generator's output, byte for byte, against golden files in
// tests/codegen/golden/: one per kind of file, the dev export, and the route
// table. A change to the generated code shows up here as a diff to review;
// SPUR_UPDATE_GOLDEN=1 rewrites the files after a deliberate change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "spur/codegen/codegen.hpp"

namespace spur::codegen {
namespace {

// Not a real folder: quoted includes stay as written, so the output does not
// depend on the machine.
constexpr std::string_view root = "/golden-app/";

void expect_golden(const std::string& name, const std::string& generated) {
  const std::string path = std::string(SPUR_GOLDEN_DIR) + "/" + name;
  if (std::getenv("SPUR_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << generated;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden file " << path << " (SPUR_UPDATE_GOLDEN=1 writes it)";
  std::ostringstream want;
  want << in.rdbuf();
  EXPECT_EQ(generated, want.str()) << "generated code for " << name << " changed";
}

std::string unit(std::string_view rel, std::string_view source, bool dev = false) {
  return generate_unit(rel, std::string(root) + std::string(rel), source, dev);
}

TEST(CodegenGolden, AppRouterRoute) {
  expect_golden("app_route.cpp", unit("app/api/posts/[id]/route.cpp",
                                      "#include <spur/route.hpp>\n"
                                      "#include \"../../../../lib/posts.hpp\"\n"
                                      "using namespace spur;\n"
                                      "\n"
                                      "Response GET(Request&, const Params& params) {\n"
                                      "  return Response::text(params[\"id\"]);\n"
                                      "}\n"));
}

TEST(CodegenGolden, AppRouterRouteForSpurDev) {
  expect_golden("app_route_dev.cpp", unit("app/api/hello/route.cpp",
                                          "#include <spur/route.hpp>\nusing namespace spur;\n"
                                          "Response GET() { return Response::text(\"hi\"); }\n",
                                          true));
}

TEST(CodegenGolden, PagesRouterRoute) {
  expect_golden(
      "pages_route.cpp",
      unit("pages/api/users/[id].cpp",
           "#include <spur/api.hpp>\nusing namespace spur;\n"
           "void handler(ApiRequest& req, ApiResponse& res) { res.send(req.query[\"id\"]); "
           "}\n"
           "const ApiConfig config{.body_size_limit = 1_MB};\n"));
}

TEST(CodegenGolden, MiddlewareAndConfig) {
  expect_golden("middleware.cpp",
                unit("middleware.cpp",
                     "#include <spur/middleware.hpp>\nusing namespace spur;\n"
                     "MiddlewareResult middleware(Request&) { return next(); }\n"
                     "const MiddlewareConfig config{.matcher = {\"/api/:path*\"}};\n"));
  expect_golden("spur_config.cpp", unit("spur.config.cpp",
                                        "#include <spur/config.hpp>\nusing namespace spur;\n"
                                        "const AppConfig config{.request_id = true};\n"));
}

TEST(CodegenGolden, SharedCodeIsIncludedAsItIs) {
  expect_golden("shared.cpp", unit("lib/posts.cpp", "int posts() { return 1; }\n"));
  expect_golden("private_folder.cpp", unit("app/api/_lib/db.cpp", "int db() { return 1; }\n"));
}

TEST(CodegenGolden, RouteTable) {
  expect_golden(
      "routes.cpp",
      generate_table({"app/api/hello/route.cpp", "app/api/posts/[id]/route.cpp", "lib/posts.cpp",
                      "middleware.cpp", "pages/api/users/[id].cpp", "spur.config.cpp"},
                     "/golden-app/public"));
}

// Regression: an #include inside #if was hoisted out of its condition, which
// changed what the file meant; it is now refused, naming the file and line.
TEST(Codegen, AConditionalIncludeIsRefusedWithItsLine) {
  const std::string source =
      "#include <spur/route.hpp>\n"
      "#ifdef USE_FAST_JSON\n"
      "#include \"fast_json.hpp\"\n"
      "#endif\n"
      "using namespace spur;\n"
      "Response GET() { return Response::text(\"x\"); }\n";
  try {
    unit("app/api/x/route.cpp", source);
    FAIL() << "a conditional #include was accepted";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("/golden-app/app/api/x/route.cpp:3: error:"), std::string::npos) << what;
    EXPECT_NE(what.find("conditional #include"), std::string::npos) << what;
  }
  // Conditions without includes, and includes after #endif, are fine.
  EXPECT_NO_THROW(unit("app/api/x/route.cpp",
                       "#include <spur/route.hpp>\n#if 1\nconst int n = 1;\n#endif\n"
                       "#include <vector>\nusing namespace spur;\n"));
}

TEST(Codegen, ClassifyIsTheOneRule) {
  EXPECT_EQ(classify("app/api/x/route.cpp").role, FileRole::app_route);
  EXPECT_EQ(classify("app/api/(group)/x/route.cpp").role, FileRole::app_route);
  EXPECT_EQ(classify("app/api/_private/route.cpp").role, FileRole::shared);
  EXPECT_EQ(classify("app/api/x/helper.cpp").role, FileRole::shared);
  EXPECT_EQ(classify("pages/api/users/[id].cpp").role, FileRole::pages_route);
  EXPECT_EQ(classify("pages/about.cpp").role, FileRole::shared);  // only pages/api/ routes
  EXPECT_EQ(classify("middleware.cpp").role, FileRole::middleware);
  EXPECT_EQ(classify("spur.config.cpp").role, FileRole::app_config);
  EXPECT_EQ(classify("lib/db.cpp").role, FileRole::shared);
  EXPECT_EQ(classify("app/api/[id/route.cpp").role, FileRole::invalid);
  EXPECT_STREQ(role_name(FileRole::pages_route), "pages_route");
}

}  // namespace
}  // namespace spur::codegen
