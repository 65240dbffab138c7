// Migrations on a real SQLite file: applied once each, in order, each in one
// transaction; an edited or removed applied migration is refused by name.
#include "spur/db/migrations.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <future>

#include "spur/db/error.hpp"

namespace spur::db {
namespace {

namespace fs = std::filesystem;

class Migrations : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("spur-migrations-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    dir_ = root_ / "db" / "migrations";
    fs::create_directories(dir_);
    database_ = open("file:" + (root_ / "data.db").string());
  }
  void TearDown() override {
    database_.reset();
    fs::remove_all(root_);
  }
  void write(const std::string& name, const std::string& sql) { std::ofstream(dir_ / name) << sql; }
  std::vector<std::string> tables() {
    std::vector<std::string> out;
    std::promise<Result> done;
    database_->submit(Access::read, [&](Connection& c) {
      done.set_value(
          c.run("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", {}));
    });
    return read_rows<std::string>(done.get_future().get());
  }
  std::string error_of(auto f) {
    try {
      f();
      return "no error";
    } catch (const MigrationError& e) {
      return e.what();
    }
  }

  fs::path root_, dir_;
  std::shared_ptr<Database> database_;
};

TEST_F(Migrations, AppliedInOrderOnceEach) {
  write("0002_add_comments.sql",
        "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER REFERENCES posts(id));");
  write("0001_create_posts.sql",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);\n"
        "CREATE INDEX posts_title ON posts (title);");
  std::vector<Migration> applied = migrate(*database_, dir_);
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(applied[0].name, "0001_create_posts.sql");
  EXPECT_EQ(applied[1].number, 2);
  EXPECT_EQ(tables(), (std::vector<std::string>{"_spur_migrations", "comments", "posts"}));
  EXPECT_TRUE(migrate(*database_, dir_).empty());  // nothing pending

  write("0003_tags.sql", "CREATE TABLE tags (name TEXT PRIMARY KEY);");
  const std::vector<MigrationState> status = migration_status(*database_, dir_);
  ASSERT_EQ(status.size(), 3u);
  EXPECT_TRUE(status[0].applied_at);
  EXPECT_FALSE(status[2].applied_at);
  EXPECT_EQ(migrate(*database_, dir_).size(), 1u);
}

TEST_F(Migrations, AFailingMigrationLeavesNothingOfItself) {
  write("0001_ok.sql", "CREATE TABLE a (x INTEGER);");
  write("0002_bad.sql", "CREATE TABLE b (x INTEGER);\nCREATE TABLE a (x INTEGER);");
  const std::string error = error_of([&] { migrate(*database_, dir_); });
  EXPECT_NE(error.find("0002_bad.sql failed, and nothing of it was applied"), std::string::npos)
      << error;
  EXPECT_NE(error.find("table a already exists"), std::string::npos) << error;
  EXPECT_EQ(tables(), (std::vector<std::string>{"_spur_migrations", "a"}));  // no b
  write("0002_bad.sql", "CREATE TABLE b (x INTEGER);");  // fixed before it was ever applied
  EXPECT_EQ(migrate(*database_, dir_).size(), 1u);
}

TEST_F(Migrations, AnEditedOrRemovedAppliedMigrationIsRefusedByName) {
  write("0001_create_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY);");
  migrate(*database_, dir_);
  write("0001_create_posts.sql", "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);");
  std::string error = error_of([&] { migrate(*database_, dir_); });
  EXPECT_NE(error.find("0001_create_posts.sql was edited after it was applied"), std::string::npos)
      << error;
  error = error_of([&] { migration_status(*database_, dir_); });
  EXPECT_NE(error.find("was edited after it was applied"), std::string::npos) << error;

  fs::remove(dir_ / "0001_create_posts.sql");
  error = error_of([&] { migrate(*database_, dir_); });
  EXPECT_NE(error.find("0001_create_posts.sql was applied but is no longer in"), std::string::npos)
      << error;
  EXPECT_EQ(tables(), (std::vector<std::string>{"_spur_migrations", "posts"}));  // never dropped
}

TEST_F(Migrations, NamesAndNumbersAreChecked) {
  write("create_posts.sql", "SELECT 1;");
  EXPECT_NE(error_of([&] { read_migrations(dir_); }).find("starts with its number"),
            std::string::npos);
  fs::remove(dir_ / "create_posts.sql");
  write("0001_a.sql", "SELECT 1;");
  write("0001_b.sql", "SELECT 1;");
  EXPECT_NE(error_of([&] { read_migrations(dir_); }).find("have the same number"),
            std::string::npos);
  fs::remove(dir_ / "0001_b.sql");
  EXPECT_EQ(new_migration(dir_, "add_tags").filename(), "0002_add_tags.sql");
  EXPECT_NE(error_of([&] { new_migration(dir_, "add tags"); }).find("letters, digits"),
            std::string::npos);
  EXPECT_TRUE(read_migrations(root_ / "absent").empty());
}

}  // namespace
}  // namespace spur::db
