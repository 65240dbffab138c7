#pragma once
// Finds the SQL an app's sources hand to spur::db, for checking it against
// the migrated schema (sql_check.hpp) before anything runs: a reader of C++
// text (comments, string and raw string literals, digit separators), not a
// compiler. It finds
//   query<T>("..."), query_one<T>("..."), db::exec("..."), tx.exec("...")
//   db::Table<T> name{"table"}                          (or ("table"))
//   BOOST_DESCRIBE_STRUCT(T, (...), (a, b, c))          and which of a, b, c
//                                                       are std::optional in T
// SQL built at run time (a variable, not a literal) is not seen.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace spur::cli {

struct SqlUse {
  std::filesystem::path file;
  int line = 0;
  std::string call;      // "query", "query_one", "exec", "table"
  std::string row_type;  // T's last name ("Post"), or "" (exec, query<int>: then "int")
  std::string text;      // the SQL, or the table's name for "table"
};

struct DescribedMember {
  std::string name;
  bool optional = false;
};

struct SqlScan {
  std::vector<SqlUse> uses;
  std::map<std::string, std::vector<DescribedMember>> structs;  // by T's last name
};

// Scans one source text (`file` names it in the uses found).
void scan_source(const std::string& text, const std::filesystem::path& file, SqlScan& out);

// Scans every .cpp, .hpp, .h and .cc under `app`, except hidden folders
// (.spur) and build/; files are named relative to `app`.
SqlScan scan_app(const std::filesystem::path& app);

}  // namespace spur::cli
