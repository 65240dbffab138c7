#pragma once
// Checked SQL: every SQL text an app's sources hand to spur::db (sql_scan.hpp)
// is prepared against the app's migrated schema, built in an in-memory SQLite
// from db/migrations (no server to run), before the app runs: `spur build`
// fails, and `spur dev` reports, with the file and line of each problem:
//   app/api/posts/route.cpp:12: error: SQL: no such column: titel
//   app/api/posts/route.cpp:20: error: SQL: the result has no column for Post::content (it has: id,
//   title) lib/posts.hpp:40: error: SQL: table posts has no column for Post::titel (it has: id,
//   title, content)
#include <filesystem>
#include <string>
#include <vector>

#include "sql_scan.hpp"

namespace spur::cli {

// The problems found, one line each ("FILE:LINE: error: SQL: …"); none when
// every use fits the schema. Statements that create tables in the sources
// (CREATE TABLE … in an exec) count as schema too.
std::vector<std::string> check_sql(const SqlScan& scan, const std::filesystem::path& migrations);

// Scans `app` and checks it, printing the problems on stderr; true when none.
bool check_app_sql(const std::filesystem::path& app);

}  // namespace spur::cli
