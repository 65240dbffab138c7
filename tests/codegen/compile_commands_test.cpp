// The compile_commands.json an editor reads: every source of the app, as the
// build finds them, with Spur's headers on the include path.
#include "spur/codegen/compile_commands.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace spur::codegen {
namespace {
namespace fs = std::filesystem;

class TempApp {
 public:
  TempApp() {
    std::string pattern = (fs::temp_directory_path() / "spur-cc-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
  }
  ~TempApp() { fs::remove_all(root_); }
  void file(const std::string& rel) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << "// x\n";
  }
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

TEST(CompileCommands, EverySourceTheBuildCompiles) {
  TempApp app;
  for (const char* f : {"app/api/hello/route.cpp", "app/api/_lib/db.cpp", "app/api/x/notes.md",
                        "pages/api/users/[id].cpp", "lib/posts.cpp", "lib/posts.hpp",
                        "middleware.cpp", "spur.config.cpp", "public/app.cpp", "main.cpp"})
    app.file(f);
  EXPECT_EQ(
      app_sources(app.root()),
      (std::vector<std::string>{"app/api/_lib/db.cpp", "app/api/hello/route.cpp", "lib/posts.cpp",
                                "middleware.cpp", "pages/api/users/[id].cpp", "spur.config.cpp"}));
}

TEST(CompileCommands, OneEntryPerFileWithTheIncludePath) {
  const std::string json =
      compile_commands_json("/srv/my app", {"app/api/hello/route.cpp", "lib/a.cpp"},
                            {.compiler = "c++", .include_dirs = {"/opt/spur/include"}});
  EXPECT_EQ(json,
            "[\n"
            "  {\"directory\": \"/srv/my app\", \"file\": \"/srv/my app/app/api/hello/route.cpp\", "
            "\"arguments\": [\"c++\", \"-std=c++20\", \"-I/srv/my app\", \"-I/opt/spur/include\", "
            "\"-c\", \"/srv/my app/app/api/hello/route.cpp\"]},\n"
            "  {\"directory\": \"/srv/my app\", \"file\": \"/srv/my app/lib/a.cpp\", "
            "\"arguments\": [\"c++\", \"-std=c++20\", \"-I/srv/my app\", \"-I/opt/spur/include\", "
            "\"-c\", \"/srv/my app/lib/a.cpp\"]}\n"
            "]\n");
}

}  // namespace
}  // namespace spur::codegen
