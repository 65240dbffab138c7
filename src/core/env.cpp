#include "spur/core/env.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "spur/text/dotenv.hpp"

namespace spur {
namespace {

std::optional<std::string> real(std::string_view name) {
  const char* v = std::getenv(std::string(name).c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

// The variables the files set (not the real environment's), for
// forget_env_files(); touched only by the single-threaded start of a program.
std::vector<std::string>& set_from_files() {
  static std::vector<std::string> keys;
  return keys;
}

}  // namespace

MissingEnv::MissingEnv(std::string_view name)
    : std::runtime_error("environment variable " + std::string(name) +
                         " is not set (the environment, or a .env file)") {}

std::string env(std::string_view name) {
  std::optional<std::string> v = real(name);
  if (!v) throw MissingEnv(name);
  return *v;
}

std::string env_or(std::string_view name, std::string_view fallback) {
  return real(name).value_or(std::string(fallback));
}

std::string env_mode(std::string_view command_mode) {
  const std::optional<std::string> node_env = real("NODE_ENV");
  return node_env == "test" ? "test" : std::string(command_mode);
}

std::vector<std::string> load_env_files(const std::string& dir_name, std::string_view mode) {
  const std::filesystem::path dir(dir_name);
  const std::string m(mode);
  std::vector<std::string> names{".env." + m + ".local"};
  if (m != "test") names.push_back(".env.local");
  names.push_back(".env." + m);
  names.push_back(".env");

  std::vector<std::string> loaded;
  std::map<std::string, text::DotenvEntry, std::less<>> found;  // the first file wins
  std::vector<std::string> order;
  for (const std::string& name : names) {
    std::ifstream in(dir / name, std::ios::binary);
    if (!in) continue;
    std::ostringstream text;
    text << in.rdbuf();
    loaded.push_back(name);
    for (text::DotenvEntry& e : text::parse_dotenv(text.str()))
      if (!found.contains(e.key)) {
        order.push_back(e.key);
        found.emplace(e.key, std::move(e));
      }
  }
  // $VAR: the real environment first, then what the files say (unexpanded).
  auto lookup = [&](std::string_view name) -> std::optional<std::string> {
    if (std::optional<std::string> v = real(name)) return v;
    if (auto it = found.find(name); it != found.end()) return it->second.value;
    return std::nullopt;
  };
  std::vector<std::pair<std::string, std::string>> values;
  for (const std::string& key : order) {
    if (real(key)) continue;  // the real environment always wins
    const text::DotenvEntry& e = found.at(key);
    values.emplace_back(key, e.literal ? e.value : text::expand_dotenv(e.value, lookup));
  }
  for (const auto& [key, value] : values) {
    ::setenv(key.c_str(), value.c_str(), 0);
    set_from_files().push_back(key);
  }
  return loaded;
}

void forget_env_files() {
  for (const std::string& key : set_from_files()) ::unsetenv(key.c_str());
  set_from_files().clear();
}

}  // namespace spur
