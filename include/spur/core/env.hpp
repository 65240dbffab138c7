#pragma once
// The environment an app reads, and the `.env` files that fill it, as
// Next.js does:
//   std::string key = spur::env("API_KEY");         // throws spur::MissingEnv when unset
//   std::string region = spur::env_or("REGION", "eu");
// or, read and checked at start-up, as a struct (typed_env.hpp):
//   const Env& e = spur::env<Env>();
// `spur dev`, `spur start`, `spur db` and `spur test` load the app's .env
// files first (load_env_files), so these see them, and so do the servers
// they start and C libraries that read the environment themselves.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace spur {

class MissingEnv : public std::runtime_error {
 public:
  explicit MissingEnv(std::string_view name);
};

// The variable `name`; throws MissingEnv when it is not set.
std::string env(std::string_view name);
// The variable `name`, or `fallback` when it is not set.
std::string env_or(std::string_view name, std::string_view fallback);

// Loads `dir`'s .env files into the process environment, in Next.js's order,
// the first file that sets a variable winning: .env.MODE.local, .env.local
// (not when MODE is "test"), .env.MODE, .env. A variable already in the
// environment is never replaced. Values are expanded ($VAR, ${VAR},
// ${VAR:-default}; '…' values are literal). Answers the files read, in that
// order. Call it before threads start: it uses setenv().
std::vector<std::string> load_env_files(const std::string& dir, std::string_view mode);

// Unsets what load_env_files() set (the real environment stays), so that
// loading again reads the files as they are now: `spur dev` does this when
// a .env file changes. Same threading rule.
void forget_env_files();

// "test" when NODE_ENV is "test", else `command_mode` ("development" for
// `spur dev`, "production" for `spur start`).
std::string env_mode(std::string_view command_mode);

}  // namespace spur
