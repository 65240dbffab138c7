#pragma once
// Large buffered bodies are parsed on the offload pool, not on the event loop:
// a 10 MB JSON body takes the better part of a second to parse, and every
// other connection of the worker would wait for it. The App Router parses
// before the handler runs; the handler's req.json() or req.form() then takes
// the result as if it had parsed it itself.
#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>

#include "spur/core/async.hpp"
#include "spur/core/request.hpp"
#include "spur/core/search_params.hpp"

namespace spur::detail {

// Bodies from this size on are parsed off the loop; smaller ones cost less
// than the hop to the pool and back.
inline constexpr std::size_t large_body_bytes = 128 * 1024;

// What the pool made of a body, waiting for the handler to ask.
struct ParsedBody {
  std::optional<boost::json::value> json;
  bool invalid_json = false;
  std::optional<SearchParams> form;
};

// Whether `req` has a body worth parsing off the loop: at least
// large_body_bytes, declared JSON (application/json, …+json) or urlencoded,
// and a worker (or test client) whose pool can take it.
bool parses_off_loop(const Request& req) noexcept;

// Parses the body on the pool and keeps the result in `req`. Throws what
// offload() throws (503 when the pool's queue is full, 499 when the client
// has gone).
Async<void> parse_off_loop(Request& req);

}  // namespace spur::detail
