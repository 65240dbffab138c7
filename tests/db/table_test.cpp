// db::Table: Prisma-like calls over a real SQLite file.
#include "spur/db/table.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "db_test_loop.hpp"
#include "fixtures/db-app/app/api/_lib/posts.hpp"  // Post, NewPost, PostPatch, posts

namespace spur {
namespace {

class Table : public test::DbTest {
 protected:
  void SetUp() override {
    test::DbTest::SetUp();
    exec(
        "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL UNIQUE, content TEXT, "
        "published INTEGER NOT NULL DEFAULT 0)");
  }
};

TEST_F(Table, CreateFindUpdateRemoveCount) {
  auto crud = [&]() -> Async<std::string> {
    // (Named values, not temporaries, in co_await: GCC 12 miscompiles some.)
    std::string log;
    const NewPost hello{.title = "Hello"}, routes{.title = "C++ routes", .content = "fast"};
    const Post a = co_await posts.create(hello);
    const Post b = co_await posts.create(routes);
    log += std::to_string(a.id) + a.title + (a.content ? "?" : "-") + (a.published ? "p" : "d");
    log += "|" + std::to_string(b.id) + *b.content;

    const std::optional<Post> found = co_await posts.find_unique(b.id);
    log += "|" + (found ? found->title : "none");
    log += "|" + std::string((co_await posts.find_unique(99)) ? "found" : "none");

    const PostPatch publish{.published = true}, rename{.title = "x"};
    const std::optional<Post> changed = co_await posts.update(a.id, publish);  // title unchanged
    log += "|" + changed->title + (changed->published ? "p" : "d");
    log += "|" + std::string((co_await posts.update(99, rename)) ? "y" : "n");

    const std::int64_t all = co_await posts.count();
    const std::vector<db::Condition> cpp{db::like(&Post::title, "%c++%")};
    const std::int64_t matching = co_await posts.count(cpp);
    const std::int64_t removed = co_await posts.remove(a.id);
    const std::int64_t removed_again = co_await posts.remove(a.id);
    const std::int64_t left = co_await posts.count();
    log += "|" + std::to_string(all) + "|" + std::to_string(matching) + "|" +
           std::to_string(removed) + std::to_string(removed_again) + "|" + std::to_string(left);
    co_return log;
  };
  EXPECT_EQ(loop_.run(crud()), "1Hello-d|2fast|C++ routes|none|Hellop|n|2|1|10|1");
}

TEST_F(Table, FindManyFiltersOrdersAndPages) {
  auto seed_and_read = [&]() -> Async<std::vector<std::string>> {
    for (int i = 1; i <= 7; ++i) {
      NewPost post{.title = "p" + std::to_string(i)};
      if (i % 2) post.content = "odd";
      (void)co_await posts.create(post);
    }
    std::vector<std::string> out;
    const db::FindMany page{.order_by = db::desc(&Post::id), .take = 2, .skip = 1};
    // (Each result named first: GCC 12 mishandles co_await in a range-for.)
    const std::vector<Post> paged = co_await posts.find_many(page);
    for (const Post& p : paged) out.push_back(p.title);
    const db::FindMany empty{.where = {db::is_null(&Post::content)},
                             .order_by = db::asc(&Post::title)};
    const std::vector<Post> without_content = co_await posts.find_many(empty);
    for (const Post& p : without_content) out.push_back(p.title);
    const std::vector<std::int64_t> ids{1, 3, 100};
    const db::FindMany odd{.where = {db::in(&Post::id, ids), db::eq(&Post::content, "odd")}};
    const std::vector<Post> odd_ones = co_await posts.find_many(odd);
    for (const Post& p : odd_ones) out.push_back(p.title);
    const db::FindMany none{.where = {db::in(&Post::id, std::vector<int>{})}};
    const std::vector<Post> no_rows = co_await posts.find_many(none);
    out.push_back(std::to_string(no_rows.size()));
    co_return out;
  };
  EXPECT_EQ(loop_.run(seed_and_read()),
            (std::vector<std::string>{"p6", "p5", "p2", "p4", "p6", "p1", "p3", "0"}));
}

TEST_F(Table, AUniqueViolationIsA409) {
  auto twice = [&]() -> Async<int> {
    const NewPost same{.title = "same"};
    (void)co_await posts.create(same);
    (void)co_await posts.create(same);
    co_return 0;
  };
  try {
    loop_.run(twice());
    ADD_FAILURE() << "no exception";
  } catch (const db::Error& e) {
    EXPECT_EQ(e.status(), 409);
    EXPECT_EQ(e.code(), db::Errc::unique_violation);
    EXPECT_STREQ(e.what(), "UNIQUE constraint failed: posts.title");
  }
}

}  // namespace
}  // namespace spur
