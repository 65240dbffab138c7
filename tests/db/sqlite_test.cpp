// spur::db on a real SQLite file: typed rows, parameters, errors mapped to
// statuses, transactions, and concurrent writers that never see "database is
// locked". Each test opens its own database in a temporary folder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include "db_test_loop.hpp"
#include "spur/db.hpp"

namespace spur {
namespace {

struct Post {
  std::int64_t id = 0;
  std::string title;
  std::optional<std::string> content;
  double score = 0;
  bool published = false;
  db::Bytes cover;
  db::Timestamp created{};
};
BOOST_DESCRIBE_STRUCT(Post, (), (id, title, content, score, published, cover, created))

class Db : public test::DbTest {
 protected:
  void SetUp() override {
    test::DbTest::SetUp();
    exec(R"(CREATE TABLE posts (
        id INTEGER PRIMARY KEY, title TEXT NOT NULL UNIQUE, content TEXT,
        score REAL NOT NULL DEFAULT 0, published INTEGER NOT NULL DEFAULT 0,
        cover BLOB NOT NULL DEFAULT x'', created INTEGER NOT NULL DEFAULT 0,
        CHECK (score >= 0)))");
  }
};

TEST_F(Db, RowsReadIntoDescribedStructsByColumnName) {
  const db::Timestamp when{std::chrono::milliseconds(1765117585123)};
  const db::Bytes cover{std::byte{0}, std::byte{0xff}};
  auto insert = [&]() -> Async<std::int64_t> {
    std::int64_t n = co_await db::exec(
        "INSERT INTO posts (title, content, score, published, cover, created) VALUES (?, ?, ?, ?, "
        "?, ?)",
        "Hello", std::optional<std::string>(), 2.5, true, cover, when);
    n += co_await db::exec("INSERT INTO posts (title, content) VALUES (?, ?)", std::string("Two"),
                           "text");
    co_return n;
  };
  EXPECT_EQ(loop_.run(insert()), 2);

  auto read = []() -> Async<std::vector<Post>> {
    co_return co_await db::query<Post>("SELECT * FROM posts ORDER BY id");
  };
  const std::vector<Post> posts = loop_.run(read());
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].id, 1);
  EXPECT_EQ(posts[0].title, "Hello");
  EXPECT_EQ(posts[0].content, std::nullopt);
  EXPECT_EQ(posts[0].score, 2.5);
  EXPECT_TRUE(posts[0].published);
  EXPECT_EQ(posts[0].cover, cover);
  EXPECT_EQ(posts[0].created, when);
  EXPECT_EQ(posts[1].content, "text");
  EXPECT_FALSE(posts[1].published);

  auto one = []() -> Async<std::optional<Post>> {
    co_return co_await db::query_one<Post>("SELECT * FROM posts WHERE id = ?", 42);
  };
  EXPECT_EQ(loop_.run(one()), std::nullopt);
  auto count = []() -> Async<std::vector<std::int64_t>> {
    co_return co_await db::query<std::int64_t>("SELECT count(*) FROM posts");
  };
  EXPECT_EQ(loop_.run(count()), std::vector<std::int64_t>{2});
}

// What the client would get for a failure: the status and message of the
// db::Error, or "Failure: …" for an internal one.
std::string outcome_of(test::Loop& loop, Async<std::int64_t> task) {
  try {
    loop.run(std::move(task));
    return "ok";
  } catch (const HttpError& e) {  // db::Error among them
    return std::to_string(e.status()) + " " + e.what();
  } catch (const db::Failure& e) {
    return std::string("Failure: ") + e.what();
  }
}

struct PostKey {
  std::string id;  // an INTEGER column read as text, as JSON APIs show ids
};
BOOST_DESCRIBE_STRUCT(PostKey, (), (id))

TEST_F(Db, AnIntegerKeyReadsIntoAString) {
  exec("INSERT INTO posts (id, title) VALUES (42, 'a')");
  auto keys = []() -> Async<std::vector<PostKey>> {
    co_return co_await db::query<PostKey>("SELECT id FROM posts WHERE id = ?", std::string("42"));
  };
  const std::vector<PostKey> found = loop_.run(keys());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, "42");
}

TEST_F(Db, ConstraintViolationsBecomeTheRightStatuses) {
  auto insert = [](std::string title, double score) -> Async<std::int64_t> {
    co_return co_await db::exec("INSERT INTO posts (title, score) VALUES (?, ?)", title, score);
  };
  EXPECT_EQ(outcome_of(loop_, insert("a", 1)), "ok");
  EXPECT_EQ(outcome_of(loop_, insert("a", 1)), "409 UNIQUE constraint failed: posts.title");
  EXPECT_EQ(outcome_of(loop_, insert("b", -1)), "400 CHECK constraint failed: score >= 0");
  auto null_title = []() -> Async<std::int64_t> {
    co_return co_await db::exec("INSERT INTO posts (title) VALUES (?)", nullptr);
  };
  EXPECT_EQ(outcome_of(loop_, null_title()), "400 NOT NULL constraint failed: posts.title");
  auto foreign = []() -> Async<std::int64_t> {
    co_await db::exec(
        "CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES "
        "posts(id))");
    co_return co_await db::exec("INSERT INTO comments (post_id) VALUES (?)", 99);
  };
  EXPECT_EQ(outcome_of(loop_, foreign()), "409 FOREIGN KEY constraint failed");
  auto typo = []() -> Async<std::int64_t> {
    co_return co_await db::exec("INSERT INTO posts (titel) VALUES (?)", "x");
  };
  EXPECT_EQ(outcome_of(loop_, typo()),
            "Failure: db: table posts has no column named titel (in: INSERT INTO posts (titel) "
            "VALUES (?))");
  auto too_few = []() -> Async<std::int64_t> {
    co_return co_await db::exec("INSERT INTO posts (title, score) VALUES (?, ?)", "x");
  };
  EXPECT_EQ(outcome_of(loop_, too_few()).substr(0, 58),
            "Failure: db: the statement has 2 placeholders and 1 values");
}

TEST_F(Db, AMemberWithoutAColumnOrOfTheWrongTypeIsNamed) {
  exec("INSERT INTO posts (title) VALUES ('x')");
  auto narrow = []() -> Async<std::int64_t> {
    (void)co_await db::query<Post>("SELECT id, title FROM posts");
    co_return 0;
  };
  EXPECT_EQ(outcome_of(loop_, narrow()),
            "Failure: db: the query's result has no column 'score' (select it, or make the "
            "member std::optional)");  // (content may be missing: it is std::optional)
  auto wrong = []() -> Async<std::int64_t> {
    co_return (co_await db::query<std::int64_t>("SELECT title FROM posts")).size();
  };
  EXPECT_EQ(outcome_of(loop_, wrong()),
            "Failure: db: column 'title' holds text, not an integer that fits");
}

TEST_F(Db, ATransactionCommitsOnReturnAndRollsBackOnThrow) {
  auto commit = []() -> Async<std::int64_t> {
    co_return co_await db::transaction([](db::Tx& tx) {
      tx.exec("INSERT INTO posts (title) VALUES (?)", "kept");
      return *tx.query_one<std::int64_t>("SELECT count(*) FROM posts");
    });
  };
  EXPECT_EQ(loop_.run(commit()), 1);
  auto rollback = []() -> Async<std::int64_t> {
    co_return co_await db::transaction([](db::Tx& tx) -> std::int64_t {
      tx.exec("INSERT INTO posts (title) VALUES (?)", "dropped");
      throw HttpError(404, "Post not found");
    });
  };
  EXPECT_EQ(outcome_of(loop_, rollback()), "404 Post not found");
  auto count = []() -> Async<std::int64_t> {
    co_return *co_await db::query_one<std::int64_t>("SELECT count(*) FROM posts");
  };
  EXPECT_EQ(loop_.run(count()), 1);  // "dropped" was rolled back
}

// A short read runs on the worker itself; a long one is stopped there after a
// small budget of work and finishes on a database thread, so a short read
// started after it on the same worker is answered first.
TEST_F(Db, ALongReadLeavesTheWorkerFree) {
  std::vector<std::string> finished;
  auto long_read = [&]() -> Async<std::int64_t> {
    const std::optional<std::int64_t> n = co_await db::query_one<std::int64_t>(
        "SELECT count(*) FROM (WITH RECURSIVE c(x) AS "
        "(SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT x FROM c)");
    finished.push_back("long");
    co_return *n;
  };
  auto short_read = [&]() -> Async<std::int64_t> {
    const std::optional<std::int64_t> n =
        co_await db::query_one<std::int64_t>("SELECT count(*) FROM posts");
    finished.push_back("short");
    co_return *n;
  };
  std::vector<Async<std::int64_t>> tasks;
  tasks.push_back(long_read());
  tasks.push_back(short_read());
  const std::vector<std::int64_t> results = loop_.run_all(std::move(tasks));
  EXPECT_EQ(results[0], 3000000);
  EXPECT_EQ(results[1], 0);
  EXPECT_EQ(finished, (std::vector<std::string>{"short", "long"}));
}

// A serialization failure rolls the attempt back and runs the transaction
// again; after transaction_attempts failures the client gets 503.
TEST_F(Db, ATransactionIsRetriedOnASerializationFailure) {
  int calls = 0;
  auto flaky = [&]() -> Async<std::int64_t> {
    co_return co_await db::transaction([&](db::Tx& tx) {
      tx.exec("INSERT INTO posts (title) VALUES (?)", "attempt " + std::to_string(++calls));
      if (calls == 1) throw db::Error(db::Errc::serialization, "Database conflict: try again");
      return *tx.query_one<std::int64_t>("SELECT count(*) FROM posts");
    });
  };
  EXPECT_EQ(loop_.run(flaky()), 1);  // the first attempt's row is gone
  EXPECT_EQ(calls, 2);
  calls = 0;
  auto hopeless = [&]() -> Async<std::int64_t> {
    co_return co_await db::transaction([&](db::Tx& tx) -> std::int64_t {
      tx.exec("INSERT INTO posts (title) VALUES (?)", "never");
      ++calls;
      throw db::Error(db::Errc::serialization, "Database conflict: try again");
    });
  };
  EXPECT_EQ(outcome_of(loop_, hopeless()), "503 Database conflict: try again");
  EXPECT_EQ(calls, db::transaction_attempts);
  auto count = []() -> Async<std::int64_t> {
    co_return *co_await db::query_one<std::int64_t>("SELECT count(*) FROM posts");
  };
  EXPECT_EQ(loop_.run(count()), 1);
}

// Many requests writing at once queue for the one writer instead of failing
// with "database is locked", and every row they were told was written is there.
TEST_F(Db, ConcurrentWritersAllSucceed) {
  constexpr int writers = 64, rows = 250;
  auto writer = [](int w) -> Async<std::int64_t> {
    std::int64_t written = 0;
    for (int i = 0; i < rows; ++i)
      written += co_await db::exec("INSERT INTO posts (title) VALUES (?)",
                                   std::to_string(w) + "-" + std::to_string(i));
    co_return written;
  };
  std::vector<Async<std::int64_t>> tasks;
  for (int w = 0; w < writers; ++w) tasks.push_back(writer(w));
  std::int64_t total = 0;
  for (std::int64_t n : loop_.run_all(std::move(tasks))) total += n;
  EXPECT_EQ(total, writers * rows);
  auto count = []() -> Async<std::int64_t> {
    co_return *co_await db::query_one<std::int64_t>("SELECT count(DISTINCT title) FROM posts");
  };
  EXPECT_EQ(loop_.run(count()), writers * rows);
}

// A long write holds the writer, not the readers: a read issued meanwhile
// is answered before the write ends.
TEST_F(Db, ReadsAreNotHeldBehindALongWrite) {
  exec("INSERT INTO posts (title) VALUES ('first')");
  std::atomic<bool> write_done{false};
  auto slow_write = [&]() -> Async<std::int64_t> {
    co_return co_await db::transaction([&](db::Tx& tx) {
      tx.exec("INSERT INTO posts (title) VALUES ('second')");
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      write_done = true;
      return std::int64_t{1};
    });
  };
  bool read_before_write_ended = false;
  auto read = [&]() -> Async<std::int64_t> {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the write has begun
    const std::int64_t n = *co_await db::query_one<std::int64_t>("SELECT count(*) FROM posts");
    read_before_write_ended = !write_done;
    co_return n;
  };
  std::vector<Async<std::int64_t>> tasks;
  tasks.push_back(slow_write());
  tasks.push_back(read());
  const std::vector<std::int64_t> results = loop_.run_all(std::move(tasks));
  EXPECT_TRUE(read_before_write_ended);
  EXPECT_EQ(results[1], 1);  // the read saw the committed state, not the open transaction
}

TEST(DbStatements, ReadsOnlyWhenTheFirstWordSaysSo) {
  EXPECT_TRUE(db::reads_only("SELECT 1"));
  EXPECT_TRUE(db::reads_only("  -- list\n /* all */ select * FROM posts"));
  EXPECT_TRUE(db::reads_only("VALUES (1)"));
  EXPECT_FALSE(db::reads_only("INSERT INTO posts VALUES (1)"));
  EXPECT_FALSE(db::reads_only("WITH x AS (SELECT 1) DELETE FROM posts"));
  EXPECT_FALSE(db::reads_only("selector"));
  EXPECT_FALSE(db::reads_only("-- only a comment"));
}

TEST(DbStatements, UrlsOtherThanFilesAreRefusedClearly) {
  EXPECT_THROW(db::open("postgres://localhost/app"), db::Failure);
  EXPECT_THROW(db::open("mysql://x"), db::Failure);
  EXPECT_THROW(db::open("file:"), db::Failure);
}

}  // namespace
}  // namespace spur
