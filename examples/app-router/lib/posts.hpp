#pragma once
// Posts in SQLite (db/migrations/0001_create_posts.sql), shared by
// app/api/posts/route.cpp and app/api/posts/[id]/route.cpp. Ids are numbers in
// the database and strings in JSON ("1"), as the Next.js seed shows them.
#include <optional>
#include <spur/db/table.hpp>
#include <spur/route.hpp>
#include <string>

struct Post {
  std::string id;
  std::string title;
  std::string content;
};
BOOST_DESCRIBE_STRUCT(Post, (), (id, title, content))

// POST and PUT: a title is required; content defaults to "".
struct PostInput {
  std::string title;
  std::optional<std::string> content;
};
BOOST_DESCRIBE_STRUCT(PostInput, (), (title, content))
SPUR_RULES(PostInput, field(&PostInput::title, length(1, 200)),
           field(&PostInput::content, max_length(10'000)))

// PATCH: what is given changes; the rest is kept.
struct PostPatch {
  std::optional<std::string> title;
  std::optional<std::string> content;
};
BOOST_DESCRIBE_STRUCT(PostPatch, (), (title, content))
SPUR_RULES(PostPatch, field(&PostPatch::title, length(1, 200)),
           field(&PostPatch::content, max_length(10'000)))

inline const spur::db::Table<Post> posts{"posts"};

inline spur::Response post_not_found() {
  return spur::Response::json({{"error", "Post not found"}}, 404);
}
