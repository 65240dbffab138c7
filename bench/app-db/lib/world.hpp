#pragma once
// The TechEmpower rows and the helpers the four routes share.
#include <charconv>
#include <cstdint>
#include <random>
#include <spur/db.hpp>
#include <spur/route.hpp>
#include <string>

struct World {
  std::int32_t id = 0;
  std::int32_t randomNumber = 0;
};
BOOST_DESCRIBE_STRUCT(World, (), (id, randomNumber))

struct Fortune {
  std::int32_t id = 0;
  std::string message;
};
BOOST_DESCRIBE_STRUCT(Fortune, (), (id, message))

// 1 to 10,000, from a generator of the calling thread's own.
inline std::int32_t random_world_id() {
  thread_local std::minstd_rand generator{std::random_device{}()};
  return static_cast<std::int32_t>(generator() % 10000 + 1);
}

// ?queries=N clamped to 1..500 as the benchmark asks; 1 when absent or not a number.
inline int queries_of(const spur::Request& req) {
  const std::optional<std::string_view> text = req.search_params().get("queries");
  int n = 1;
  if (text) std::from_chars(text->data(), text->data() + text->size(), n);
  return n < 1 ? 1 : n > 500 ? 500 : n;
}
