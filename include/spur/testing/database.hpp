#pragma once
// spur::testing: a fresh database for a test. A temporary SQLite file, the
// app's migrations applied to it, used by every spur::db call (db::use)
// until the object is destroyed, when the file is removed.
//
//   class Posts : public testing::Test {
//     spur::testing::TestDatabase database{SPUR_APP_DIR "/db/migrations"};
//     spur::App app{spur_app_routes(), spur_app_options()};
//     spur::testing::Client client{app};
//   };
#include <filesystem>
#include <string>

namespace spur::testing {

class TestDatabase final {
 public:
  // Throws db::MigrationError (naming the file) when a migration fails.
  explicit TestDatabase(const std::filesystem::path& migrations);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // "file:/tmp/spur-test-…/data.db"
  const std::string& url() const noexcept { return url_; }

 private:
  std::filesystem::path folder_;
  std::string url_;
};

}  // namespace spur::testing
