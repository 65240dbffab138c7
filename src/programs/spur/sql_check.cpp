#include "sql_check.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "spur/db/migrations.hpp"

namespace fs = std::filesystem;

namespace spur::cli {
namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct Finalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string where(const SqlUse& use) {
  return use.file.string() + ":" + std::to_string(use.line) + ": error: SQL: ";
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool creates_schema(const std::string& sql) {
  std::size_t i = sql.find_first_not_of(" \t\r\n");
  return i != std::string::npos && sql.size() - i >= 6 &&
         sqlite3_strnicmp(sql.c_str() + i, "CREATE", 6) == 0;
}

// Prepares every statement of `sql`; the error, or "" with the last
// statement's result columns in `columns`.
std::string prepare(sqlite3* db, const std::string& sql, std::vector<std::string>& columns) {
  const char* rest = sql.c_str();
  const char* end = rest + sql.size();
  while (rest < end) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db, rest, static_cast<int>(end - rest), &raw, &tail) != SQLITE_OK)
      return sqlite3_errmsg(db);
    Statement stmt(raw);
    if (raw) {
      columns.clear();
      for (int c = 0; c < sqlite3_column_count(raw); ++c)
        columns.push_back(sqlite3_column_name(raw, c));
    }
    rest = tail;
  }
  return "";
}

// Members of `type` (when it is a described struct) that `columns` lacks:
// each a problem, unless it is std::optional (then NULL is fine).
void check_members(const SqlScan& scan, const SqlUse& use, const std::vector<std::string>& columns,
                   const std::string& what, std::vector<std::string>& problems) {
  const auto described = scan.structs.find(use.row_type);
  if (described == scan.structs.end()) return;
  const std::set<std::string> have(columns.begin(), columns.end());
  for (const DescribedMember& m : described->second)
    if (!m.optional && !have.contains(m.name))
      problems.push_back(where(use) + what + " has no column for " + use.row_type + "::" + m.name +
                         " (it has: " + joined(columns) + ")");
}

}  // namespace

std::vector<std::string> check_sql(const SqlScan& scan, const fs::path& migrations) {
  std::vector<std::string> problems;
  if (scan.uses.empty()) return problems;
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(raw);
    return {"error: SQL: cannot open an in-memory SQLite database"};
  }
  const std::unique_ptr<sqlite3, CloseDatabase> db(raw);
  // The schema: the migrations in order, then what the sources create.
  for (const db::Migration& m : db::read_migrations(migrations)) {
    char* error = nullptr;
    if (sqlite3_exec(db.get(), read_file(m.file).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      problems.push_back("db/migrations/" + m.name + ": error: SQL: " + (error ? error : "failed"));
      sqlite3_free(error);
      return problems;  // the schema is unknown past a failing migration
    }
  }
  for (const SqlUse& use : scan.uses)
    if (use.call == "exec" && creates_schema(use.text))
      sqlite3_exec(db.get(), use.text.c_str(), nullptr, nullptr, nullptr);

  for (const SqlUse& use : scan.uses) {
    std::vector<std::string> columns;
    if (use.call == "table") {
      std::string error = prepare(db.get(), "SELECT * FROM \"" + use.text + "\"", columns);
      if (!error.empty())
        problems.push_back(where(use) + error);
      else
        check_members(scan, use, columns, "table " + use.text, problems);
      continue;
    }
    const std::string error = prepare(db.get(), use.text, columns);
    if (!error.empty())
      problems.push_back(where(use) + error);
    else if (use.call != "exec")
      check_members(scan, use, columns, "the result", problems);
  }
  return problems;
}

bool check_app_sql(const fs::path& app) {
  std::vector<std::string> problems;
  try {
    problems = check_sql(scan_app(app), app / "db" / "migrations");
  } catch (const std::exception& e) {  // db::MigrationError: a bad file name
    problems.push_back(std::string("error: SQL: ") + e.what());
  }
  for (const std::string& p : problems) std::fprintf(stderr, "%s\n", p.c_str());
  return problems.empty();
}

}  // namespace spur::cli
