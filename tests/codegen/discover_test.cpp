#include "spur/codegen/discover.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace spur::codegen {
using namespace spur::router;
namespace {

namespace fs = std::filesystem;

// A real app folder under the system's temporary directory, removed again
// when the test ends.
class TempApp final {
 public:
  TempApp() {
    static std::atomic<int> counter{0};
    root_ = fs::temp_directory_path() / ("spur-router-discover-" + std::to_string(::getpid()) +
                                         "-" + std::to_string(counter++));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~TempApp() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  TempApp(const TempApp&) = delete;
  TempApp& operator=(const TempApp&) = delete;

  const fs::path& root() const { return root_; }

  void file(const std::string& relative) {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "// " << relative << "\n";
  }
  void folder(const std::string& relative) { fs::create_directories(root_ / relative); }
  // A symbolic link at `relative` whose content is `target`, as `ln -s target relative`.
  void link(const std::string& target, const std::string& relative) {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    fs::create_symlink(target, path);
  }

 private:
  fs::path root_;
};

// "file -> display" for each entry, in order.
std::vector<std::string> summary(const Discovery& found) {
  std::vector<std::string> lines;
  for (const RouteEntry& entry : found.entries) {
    lines.push_back(entry.file + " -> " + entry.pattern.display());
  }
  return lines;
}

TEST(codegen_discover, FindsRoutesOfBothConventions) {
  TempApp app;
  app.file("CMakeLists.txt");
  app.file("middleware.cpp");
  app.file("lib/db.cpp");
  app.file("public/api/route.cpp");
  app.file("app/api/hello/route.cpp");
  app.file("app/api/(admin)/stats/route.cpp");
  app.file("app/api/posts/route.cpp");
  app.file("app/api/posts/[id]/route.cpp");
  app.file("app/api/posts/[id]/helpers.hpp");
  app.file("app/api/files/[...path]/route.cpp");
  app.file("app/api/_lib/db.hpp");
  app.file("app/api/_lib/route.cpp");
  app.file("app/api/_lib/[broken/route.cpp");  // never looked at: private
  app.file("app/_private/x/route.cpp");
  app.file("app/api/%5Finternal/route.cpp");
  app.folder("app/api/empty");
  app.file("pages/index.cpp");  // a page, not an API route
  app.file("pages/api/index.cpp");
  app.file("pages/api/users/[id].cpp");
  app.file("pages/api/users/types.hpp");
  app.file("pages/api/_util.cpp");
  app.file("pages/api/_lib/x.cpp");

  Discovery found = discover_routes(app.root());
  EXPECT_TRUE(found.errors.empty()) << found.errors.front();
  std::vector<std::string> want = {
      "app/api/%5Finternal/route.cpp -> /api/_internal",
      "app/api/(admin)/stats/route.cpp -> /api/stats",
      "app/api/files/[...path]/route.cpp -> /api/files/[...path]",
      "app/api/hello/route.cpp -> /api/hello",
      "app/api/posts/[id]/route.cpp -> /api/posts/[id]",
      "app/api/posts/route.cpp -> /api/posts",
      "pages/api/index.cpp -> /api",
      "pages/api/users/[id].cpp -> /api/users/[id]",
  };
  EXPECT_EQ(summary(found), want);
  for (std::size_t i = 0; i < found.entries.size(); ++i) EXPECT_EQ(found.entries[i].id, i);
  EXPECT_EQ(found.entries[0].pattern.convention(), Convention::app);
  EXPECT_EQ(found.entries[7].pattern.convention(), Convention::pages);
  // Together they make a valid table.
  EXPECT_TRUE(build_route_table(std::move(found.entries)).ok());
}

TEST(codegen_discover, EitherConventionMayBeMissing) {
  TempApp nothing;
  Discovery none = discover_routes(nothing.root());
  EXPECT_TRUE(none.entries.empty());
  EXPECT_TRUE(none.errors.empty());

  TempApp pages_only;
  pages_only.file("pages/api/hello.cpp");
  EXPECT_EQ(summary(discover_routes(pages_only.root())),
            std::vector<std::string>{"pages/api/hello.cpp -> /api/hello"});

  TempApp pages_without_api;
  pages_without_api.file("pages/about.cpp");
  pages_without_api.file("app/route.cpp");
  EXPECT_EQ(summary(discover_routes(pages_without_api.root())),
            std::vector<std::string>{"app/route.cpp -> /"});
}

TEST(codegen_discover, ClashIsFoundWhenTheTableIsBuilt) {
  TempApp app;
  app.file("app/api/hello/route.cpp");
  app.file("pages/api/hello.cpp");
  Discovery found = discover_routes(app.root());
  ASSERT_TRUE(found.errors.empty());
  ASSERT_EQ(found.entries.size(), 2u);
  RouteTableResult table = build_route_table(std::move(found.entries));
  EXPECT_EQ(table.errors,
            std::vector<std::string>{
                "app/api/hello/route.cpp and pages/api/hello.cpp both define /api/hello"});
}

TEST(codegen_discover, BadFileNamesAreErrorsAndTheRestStillLoads) {
  TempApp app;
  app.file("app/api/[id/route.cpp");
  app.file("app/api/a[b]/route.cpp");
  app.file("pages/api/[...all]/x.cpp");
  app.file("app/api/ok/route.cpp");
  Discovery found = discover_routes(app.root());
  std::vector<std::string> want_errors = {
      "app/api/[id/route.cpp: '[id' has unbalanced brackets",
      "app/api/a[b]/route.cpp: 'a[b]' mixes literal text and a parameter; a parameter is a "
      "whole segment, like [id]",
      "pages/api/[...all]/x.cpp: catch-all [...all] must be the last segment",
  };
  EXPECT_EQ(found.errors, want_errors);
  EXPECT_EQ(summary(found), std::vector<std::string>{"app/api/ok/route.cpp -> /api/ok"});
}

TEST(codegen_discover, FollowsLinkedFilesAndFolders) {
  TempApp app;
  app.file("shared/users_impl.cpp");
  app.file("versions/v1/items/route.cpp");
  app.link("../../shared/users_impl.cpp", "pages/api/users.cpp");
  app.link("../../versions/v1", "app/api/v1");
  Discovery found = discover_routes(app.root());
  EXPECT_TRUE(found.errors.empty());
  std::vector<std::string> want = {
      "app/api/v1/items/route.cpp -> /api/v1/items",
      "pages/api/users.cpp -> /api/users",
  };
  EXPECT_EQ(summary(found), want);
}

TEST(codegen_discover, LinkCyclesDoNotLoop) {
  TempApp app;
  app.file("app/api/hello/route.cpp");
  app.link("..", "app/api/hello/up");      // back to app/api
  app.link("../..", "app/api/hello/top");  // back to app
  app.link(".", "app/api/self");           // itself
  app.link("../b", "app/a/to_b");          // a/to_b -> b and b/to_a -> a
  app.link("../a", "app/b/to_a");
  Discovery found = discover_routes(app.root());
  EXPECT_TRUE(found.errors.empty());
  EXPECT_EQ(summary(found), std::vector<std::string>{"app/api/hello/route.cpp -> /api/hello"});
}

TEST(codegen_discover, DanglingRouteLinkIsAnError) {
  TempApp app;
  app.link("../../../missing.cpp", "app/api/gone/route.cpp");
  app.link("../../missing.hpp", "app/api/helper.hpp");  // not a route: ignored
  Discovery found = discover_routes(app.root());
  EXPECT_TRUE(found.entries.empty());
  EXPECT_EQ(found.errors, std::vector<std::string>{
                              "app/api/gone/route.cpp: is a symbolic link to a missing file"});
}

TEST(codegen_discover, AppThatIsAFileIsAnError) {
  TempApp app;
  app.file("app");
  app.file("pages/api/hello.cpp");
  Discovery found = discover_routes(app.root());
  EXPECT_EQ(found.errors, std::vector<std::string>{"app: is not a folder"});
  EXPECT_EQ(found.entries.size(), 1u);
}

TEST(codegen_discover, ResultsAreTheSameEveryRun) {
  TempApp app;
  for (const char* name : {"zeta", "alpha", "mid", "beta", "omega"}) {
    app.file(std::string("app/api/") + name + "/route.cpp");
    app.file(std::string("pages/api/") + name + "/[bad.cpp");
  }
  Discovery first = discover_routes(app.root());
  Discovery second = discover_routes(app.root());
  EXPECT_EQ(summary(first), summary(second));
  EXPECT_EQ(first.errors, second.errors);
  EXPECT_TRUE(std::is_sorted(first.errors.begin(), first.errors.end()));
  ASSERT_EQ(first.entries.size(), 5u);
  EXPECT_EQ(first.entries.front().file, "app/api/alpha/route.cpp");
  EXPECT_EQ(first.errors.size(), 5u);
}

}  // namespace
}  // namespace spur::codegen
