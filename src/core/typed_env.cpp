#include "spur/core/typed_env.hpp"

#include <cstdlib>
#include <mutex>

namespace spur {
namespace {

std::string describe(const std::vector<Issue>& issues) {
  std::string text = "the environment is not what the app needs:";
  for (const Issue& issue : issues) text.append("\n  ").append(issue.message);
  text += "\n(set them in the environment or a .env file)";
  return text;
}

struct Checks {
  std::mutex mutex;
  std::vector<void (*)()> list;
  bool closed = false;
};

Checks& checks() {
  static Checks c;
  return c;
}

}  // namespace

InvalidEnv::InvalidEnv(const std::vector<Issue>& issues)
    : std::runtime_error(describe(issues)), issues_(issues) {}

namespace detail {

std::string env_name(std::string_view member) {
  std::string name(member);
  for (char& c : name)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return name;
}

std::optional<std::string> env_value(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

bool parse_env_bool(std::string_view text, bool& out) noexcept {
  if (text == "true" || text == "1")
    out = true;
  else if (text == "false" || text == "0")
    out = false;
  else
    return false;
  return true;
}

bool register_env_check(void (*check)()) noexcept {
  Checks& c = checks();
  std::lock_guard lock(c.mutex);
  if (c.closed) return false;
  try {
    c.list.push_back(check);
  } catch (...) {
    return false;  // checked at first read instead
  }
  return true;
}

void check_env_at_start() {
  std::vector<void (*)()> list;
  {
    Checks& c = checks();
    std::lock_guard lock(c.mutex);
    c.closed = true;
    list.swap(c.list);
  }
  std::vector<Issue> all;
  for (void (*check)() : list) {
    try {
      check();
    } catch (const InvalidEnv& e) {
      // Two structs may read one variable: name it once.
      for (const Issue& issue : e.issues()) {
        bool seen = false;
        for (const Issue& known : all) seen = seen || known.path == issue.path;
        if (!seen) all.push_back(issue);
      }
    }
  }
  if (!all.empty()) throw InvalidEnv(all);
}

}  // namespace detail
}  // namespace spur
