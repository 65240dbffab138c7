#include "spur/db/migrations.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <sstream>

#include "spur/db/error.hpp"

namespace spur::db {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view create_table =
    "CREATE TABLE IF NOT EXISTS _spur_migrations (number INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)";

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw MigrationError("cannot read " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

// Runs `work` on the writer and waits for it: migrations happen before the
// app serves, or from the command line, where waiting is what is wanted.
template <typename F>
auto on_writer(Database& database, F work) -> decltype(work(std::declval<Connection&>())) {
  using R = decltype(work(std::declval<Connection&>()));
  std::promise<R> done;
  std::future<R> result = done.get_future();
  const bool queued = database.submit(Access::write, [&](Connection& c) {
    try {
      if constexpr (std::is_void_v<R>) {
        work(c);
        done.set_value();
      } else {
        done.set_value(work(c));
      }
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  if (!queued) throw MigrationError("the database is busy");
  return result.get();
}

struct Applied {
  std::string name;
  std::string checksum;
  std::int64_t applied_at = 0;
};

std::map<std::int64_t, Applied> applied_in(Connection& c) {
  c.run(create_table, {});
  const Result rows = c.run("SELECT number, name, checksum, applied_at FROM _spur_migrations", {});
  std::map<std::int64_t, Applied> out;
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    const auto row = rows.row(r);
    out[std::get<std::int64_t>(row[0])] = {std::get<std::string>(row[1]),
                                           std::get<std::string>(row[2]),
                                           std::get<std::int64_t>(row[3])};
  }
  return out;
}

// The applied migrations that no longer match their files: an error naming
// the first of them.
void check_applied(const std::vector<Migration>& files,
                   const std::map<std::int64_t, Applied>& applied, const fs::path& dir) {
  for (const auto& [number, record] : applied) {
    auto file = std::find_if(files.begin(), files.end(),
                             [&](const Migration& m) { return m.number == number; });
    if (file == files.end())
      throw MigrationError("migration " + record.name + " was applied but is no longer in " +
                           dir.string() + ": restore it (applied migrations are never undone)");
    if (file->checksum != record.checksum)
      throw MigrationError(file->file.string() +
                           " was edited after it was applied: restore it and put the change in "
                           "a new migration (spur db new NAME)");
  }
}

}  // namespace

std::vector<Migration> read_migrations(const fs::path& dir) {
  std::vector<Migration> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    Migration m;
    const auto [end, parsed] = std::from_chars(name.data(), name.data() + name.size(), m.number);
    if (parsed != std::errc() || end == name.data() || *end != '_' || m.number <= 0)
      throw MigrationError(entry.path().string() +
                           ": a migration's name starts with its number, as 0001_create_posts.sql");
    m.name = name;
    m.file = entry.path();
    m.checksum = sha256_hex(read_file(entry.path()));
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.number < b.number; });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].number == out[i - 1].number)
      throw MigrationError(out[i - 1].file.string() + " and " + out[i].file.string() +
                           " have the same number");
  return out;
}

std::vector<MigrationState> migration_status(Database& database, const fs::path& dir) {
  const std::vector<Migration> files = read_migrations(dir);
  const std::map<std::int64_t, Applied> applied =
      on_writer(database, [](Connection& c) { return applied_in(c); });
  check_applied(files, applied, dir);
  std::vector<MigrationState> out;
  for (const Migration& m : files) {
    MigrationState state{m, std::nullopt};
    if (auto it = applied.find(m.number); it != applied.end())
      state.applied_at = Timestamp(std::chrono::milliseconds(it->second.applied_at));
    out.push_back(std::move(state));
  }
  return out;
}

std::vector<Migration> migrate(Database& database, const fs::path& dir) {
  const std::vector<Migration> files = read_migrations(dir);
  return on_writer(database, [&](Connection& c) {
    const std::map<std::int64_t, Applied> applied = applied_in(c);
    check_applied(files, applied, dir);
    std::vector<Migration> done;
    for (const Migration& m : files) {
      if (applied.count(m.number)) continue;
      const std::string script = read_file(m.file);
      if (sha256_hex(script) != m.checksum)
        throw MigrationError(m.file.string() + " changed while it was being applied");
      c.run("BEGIN IMMEDIATE", {});
      try {
        c.run_script(script);
        const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
        const Value record[] = {m.number, m.name, m.checksum, now};
        c.run(
            "INSERT INTO _spur_migrations (number, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
            record);
        c.run("COMMIT", {});
      } catch (const std::exception& e) {
        try {
          c.run("ROLLBACK", {});
        } catch (...) {  // the failure that matters is the first
        }
        throw MigrationError(m.file.string() +
                             " failed, and nothing of it was applied: " + e.what());
      }
      done.push_back(m);
    }
    return done;
  });
}

fs::path new_migration(const fs::path& dir, const std::string& name) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
      }))
    throw MigrationError("a migration's name may hold letters, digits and '_' only: '" + name +
                         "'");
  const std::vector<Migration> existing = read_migrations(dir);
  const std::int64_t next = existing.empty() ? 1 : existing.back().number + 1;
  std::string number = std::to_string(next);
  if (number.size() < 4) number.insert(0, 4 - number.size(), '0');  // 0001: sorts as it counts
  fs::create_directories(dir);
  const fs::path file = dir / (number + "_" + name + ".sql");
  std::ofstream out(file);
  out << "-- " << name << "\n-- Applied once, in one transaction, by `spur db migrate` (and "
      << "by `spur dev`).\n-- Never edit it once applied: add a new migration instead.\n";
  if (!out) throw MigrationError("cannot write " + file.string());
  return file;
}

}  // namespace spur::db
