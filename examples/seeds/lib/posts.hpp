#pragma once
// The in-memory post store shared by app/api/v2/posts/route.cpp and
// app/api/v2/posts/[id]/route.cpp. Starts with post "1"; new ids count up.
#include <boost/describe/class.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

struct Post {
  std::string id;
  std::string title;
  std::string content;
};
BOOST_DESCRIBE_STRUCT(Post, (), (id, title, content))

class PostStore {
 public:
  std::vector<Post> list() const;
  std::optional<Post> find(const std::string& id) const;
  Post create(std::string title, std::string content);
  // Replaces or merges; nullopt when there is no such post.
  std::optional<Post> put(const std::string& id, Post post);
  bool erase(const std::string& id);

 private:
  mutable std::mutex mutex_;  // workers share the store
  std::map<std::string, Post> posts_{{"1", {"1", "First post", "Seeded at start-up"}}};
  std::vector<std::string> order_{"1"};
  int next_id_ = 2;
};

PostStore& posts();

// The member `name` of a JSON body when it is a string (as the seeds' checks
// `typeof body.title === 'string'` do); nullopt otherwise.
std::optional<std::string> string_field(const boost::json::value& body, std::string_view name);
