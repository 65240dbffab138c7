#include "spur/db/database.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <utility>

#include "spur/db/error.hpp"
#include "spur/text/ascii.hpp"
#include "sqlite_database.hpp"

namespace spur::db {
namespace {

// Units of work one queue holds before submit() says busy (503).
constexpr std::size_t max_queued = 4096;
constexpr std::string_view default_url = "file:.spur/data.db";

std::mutex current_mutex;
std::shared_ptr<Database> current_database;
// current_database's pointer, read without the lock on every call.
std::atomic<Database*> current_raw{nullptr};

}  // namespace

std::shared_ptr<Database> open(std::string_view url) {
  if (!url.starts_with("file:")) {
    if (url.starts_with("postgres://") || url.starts_with("postgresql://"))
      throw Failure("db: PostgreSQL is not supported yet (DATABASE_URL=" + std::string(url) + ")");
    throw Failure("db: DATABASE_URL must start with file: (got '" + std::string(url) + "')");
  }
  std::string path(url.substr(5));
  if (path.empty()) throw Failure("db: DATABASE_URL names no file");
  const unsigned readers = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  return std::make_shared<SqliteDatabase>(path, readers, max_queued);
}

Database& current() {
  if (Database* d = current_raw.load(std::memory_order_acquire)) return *d;
  std::lock_guard lock(current_mutex);
  if (!current_database) {
    const char* url = std::getenv("DATABASE_URL");
    current_database = open(url && *url ? std::string_view(url) : default_url);
    current_raw.store(current_database.get(), std::memory_order_release);
  }
  return *current_database;
}

void use(std::shared_ptr<Database> database) {
  std::lock_guard lock(current_mutex);
  std::shared_ptr<Database> previous = std::exchange(current_database, std::move(database));
  current_raw.store(current_database.get(), std::memory_order_release);
  previous.reset();  // closed once no caller can find it
}

bool reads_only(std::string_view sql) noexcept {
  std::size_t i = 0;
  for (;;) {  // spaces and comments
    while (i < sql.size() && (sql[i] == ' ' || sql[i] == '\t' || sql[i] == '\n' || sql[i] == '\r'))
      ++i;
    if (sql.substr(i, 2) == "--") {
      const std::size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) return false;
      i = end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      const std::size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) return false;
      i = end + 2;
    } else {
      break;
    }
  }
  std::size_t end = i;
  while (end < sql.size() && ((sql[end] | 0x20) >= 'a' && (sql[end] | 0x20) <= 'z')) ++end;
  const std::string_view word = sql.substr(i, end - i);
  return text::iequals(word, "select") || text::iequals(word, "values") ||
         text::iequals(word, "explain");
}

}  // namespace spur::db
