#pragma once
// Migrations: numbered SQL files in an app's db/migrations/ folder
// (0001_create_posts.sql, 0002_add_tags.sql, …), applied in number order, each
// in one transaction, and recorded in the table _spur_migrations with the
// SHA-256 of its text. Nothing is ever dropped or reset on its own:
//   - a file edited after it was applied is an error naming it;
//   - a recorded migration whose file is gone is an error naming it;
//   - two files with one number are an error naming both.
// These run synchronously (the CLI, an app's start-up), on the database's
// writer thread; they wait for it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "spur/db/database.hpp"
#include "spur/db/value.hpp"

namespace spur::db {

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Migration {
  std::int64_t number = 0;
  std::string name;  // the file name, "0001_create_posts.sql"
  std::filesystem::path file;
  std::string checksum;  // SHA-256 of the file's bytes, in hex
};

struct MigrationState {
  Migration migration;
  std::optional<Timestamp> applied_at;  // nullopt: pending
};

// The migrations in `dir` in number order (none when `dir` does not exist).
// Throws MigrationError for a file name without a number or a repeated number.
std::vector<Migration> read_migrations(const std::filesystem::path& dir);

// Every migration of `dir` and whether it is applied. Throws MigrationError
// when an applied one was edited or removed.
std::vector<MigrationState> migration_status(Database& database, const std::filesystem::path& dir);

// Applies the pending migrations of `dir`, each in its own transaction, and
// answers those it applied. Throws MigrationError (nothing of the failing
// migration is kept; those before it stay applied).
std::vector<Migration> migrate(Database& database, const std::filesystem::path& dir);

// Creates the next migration file, `NNNN_name.sql`, with a comment; answers
// its path. `name` may hold letters, digits and '_' only.
std::filesystem::path new_migration(const std::filesystem::path& dir, const std::string& name);

}  // namespace spur::db
