#include "database_commands.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "spur/db/database.hpp"
#include "spur/db/migrations.hpp"

namespace fs = std::filesystem;

namespace spur::cli {
namespace {

fs::path migrations_of(const fs::path& app) { return app / "db" / "migrations"; }

}  // namespace

std::string database_url(const fs::path& app) {
  const char* url = std::getenv("DATABASE_URL");
  if (url && *url) return url;
  const std::string local = "file:" + (app / ".spur" / "data.db").string();
  ::setenv("DATABASE_URL", local.c_str(), 1);
  return local;
}

int database_command(const std::string& action, const fs::path& app, const std::string& name) {
  try {
    if (action == "new") {
      const fs::path file = db::new_migration(migrations_of(app), name);
      std::printf("Created %s\n", fs::relative(file, app).c_str());
      return 0;
    }
    const std::string url = database_url(app);
    const std::shared_ptr<db::Database> database = db::open(url);
    if (action == "migrate") {
      const std::vector<db::Migration> applied = db::migrate(*database, migrations_of(app));
      for (const db::Migration& m : applied) std::printf("applied  %s\n", m.name.c_str());
      std::printf("%zu migration%s applied; the database (%s) is up to date\n", applied.size(),
                  applied.size() == 1 ? "" : "s", url.c_str());
      return 0;
    }
    std::size_t pending = 0;
    for (const db::MigrationState& s : db::migration_status(*database, migrations_of(app))) {
      std::printf("%-8s %s\n", s.applied_at ? "applied" : "pending", s.migration.name.c_str());
      pending += !s.applied_at;
    }
    std::printf("%zu pending (%s)\n", pending, url.c_str());
    return 0;
  } catch (const std::exception& e) {  // db::MigrationError, db::Failure
    std::fprintf(stderr, "spur: %s\n", e.what());
    return 1;
  }
}

bool apply_migrations(const fs::path& app) {
  if (!fs::is_directory(migrations_of(app))) return true;
  try {
    const std::shared_ptr<db::Database> database = db::open(database_url(app));
    for (const db::Migration& m : db::migrate(*database, migrations_of(app)))
      std::fprintf(stderr, " \u2713 Applied migration %s\n", m.name.c_str());
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, " \u2a2f Migrations: %s\n", e.what());
    return false;
  }
}

bool ready_to_start(const fs::path& app, std::vector<std::string>& flags) {
  const auto migrate_flag = std::find(flags.begin(), flags.end(), "--migrate");
  const bool migrate = migrate_flag != flags.end();
  if (migrate) flags.erase(migrate_flag);
  if (!fs::is_directory(migrations_of(app))) return true;
  try {
    const std::shared_ptr<db::Database> database = db::open(database_url(app));
    std::size_t pending = 0;
    for (const db::MigrationState& s : db::migration_status(*database, migrations_of(app)))
      pending += !s.applied_at;
    if (pending == 0) return true;
    if (!migrate) {
      std::fprintf(stderr,
                   "spur: %zu migration%s pending: run `spur db migrate` first, or "
                   "`spur start --migrate` to apply them now\n",
                   pending, pending == 1 ? "" : "s");
      return false;
    }
    for (const db::Migration& m : db::migrate(*database, migrations_of(app)))
      std::fprintf(stderr, "applied  %s\n", m.name.c_str());
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "spur: %s\n", e.what());
    return false;
  }
}

}  // namespace spur::cli
