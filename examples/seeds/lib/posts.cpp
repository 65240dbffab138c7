#include "lib/posts.hpp"

#include <algorithm>

std::vector<Post> PostStore::list() const {
  std::lock_guard lock(mutex_);
  std::vector<Post> out;
  for (const std::string& id : order_) out.push_back(posts_.at(id));
  return out;
}

std::optional<Post> PostStore::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = posts_.find(id);
  if (it == posts_.end()) return std::nullopt;
  return it->second;
}

Post PostStore::create(std::string title, std::string content) {
  std::lock_guard lock(mutex_);
  std::string id = std::to_string(next_id_++);
  Post post{id, std::move(title), std::move(content)};
  posts_[id] = post;
  order_.push_back(id);
  return post;
}

std::optional<Post> PostStore::put(const std::string& id, Post post) {
  std::lock_guard lock(mutex_);
  auto it = posts_.find(id);
  if (it == posts_.end()) return std::nullopt;
  post.id = id;
  it->second = post;
  return post;
}

bool PostStore::erase(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (!posts_.erase(id)) return false;
  order_.erase(std::find(order_.begin(), order_.end(), id));
  return true;
}

PostStore& posts() {
  static PostStore store;
  return store;
}

std::optional<std::string> string_field(const boost::json::value& body, std::string_view name) {
  const boost::json::object* fields = body.if_object();
  const boost::json::value* v = fields ? fields->if_contains(name) : nullptr;
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}
