// spur: the command line (CLI11).
//   spur new NAME            scaffold an app that builds and answers on the first try
//                            (--template posts: a posts CRUD on SQLite with its tests)
//   spur build [DIR]         one optimized server binary (CMake + Ninja under DIR/.spur/)
//   spur test [DIR]          build the app's tests/ and run them (ctest)
//   spur start [DIR] [...]   run the built server with the remaining flags
//   spur routes [DIR]        the route table: URL pattern, methods, file (nothing compiled)
//   spur dev [DIR] [...]     development server with hot reload (dev.cpp)
//   spur db migrate [DIR]    apply DIR/db/migrations' pending migrations
//   spur db status [DIR]     list them, applied or pending
//   spur db new NAME [DIR]   create the next migration file
//   spur db check [DIR]      check the sources' SQL against the migrations (sql_check.hpp)
// `spur --help`, `spur --version` and `spur COMMAND --help` work for each.
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "database_commands.hpp"
#include "dev.hpp"
#include "editor_support.hpp"
#include "scaffold.hpp"
#include "spur/codegen/discover.hpp"
#include "spur/codegen/exports.hpp"
#include "spur/core/env.hpp"
#include "spur/router/route_table.hpp"
#include "sql_check.hpp"

namespace fs = std::filesystem;

namespace {

// Where find_package(spur) finds this Spur: the installed package beside the
// executable, else the build tree it was built in.
fs::path package_dir() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  const fs::path installed = self.parent_path().parent_path() / "lib" / "cmake" / "spur";
  if (!ec && fs::exists(installed / "spurConfig.cmake", ec)) return installed;
  return SPUR_BUILD_TREE_PACKAGE_DIR;
}

int run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[0], argv.data());
    std::perror(argv[0]);
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

fs::path app_dir(const std::string& given) {
  return fs::absolute(given.empty() ? fs::current_path() : fs::path(given)).lexically_normal();
}

bool has_cmake_lists(const fs::path& dir) {
  if (fs::exists(dir / "CMakeLists.txt")) return true;
  std::fprintf(stderr, "spur: %s has no CMakeLists.txt (create an app with `spur new NAME`)\n",
               dir.c_str());
  return false;
}

// The server binary spur_add_app() recorded for the app in `dir`.
fs::path built_binary(const fs::path& dir) {
  std::ifstream in(dir / ".spur" / "build" / "spur-app-binary.txt");
  std::string path;
  std::getline(in, path);
  return path;
}

int build(const fs::path& dir) {
  if (!has_cmake_lists(dir)) return 1;
  if (!spur::cli::check_app_sql(dir)) return 1;  // SQL that does not fit the schema
  spur::cli::keep_compile_commands(dir);
  const fs::path build_dir = dir / ".spur" / "build";
  if (!fs::exists(build_dir / "build.ninja")) {
    int rc = run({"cmake", "-S", dir.string(), "-B", build_dir.string(), "-G", "Ninja",
                  "-DCMAKE_BUILD_TYPE=Release", "-Dspur_DIR=" + package_dir().string()});
    if (rc != 0) return rc;
  }
  return run({"cmake", "--build", build_dir.string()});
}

// Loads the app's .env files (core/env.hpp) into this process, whose
// servers and tests inherit them, and says which it read.
void load_env(const fs::path& dir, const std::string& mode) {
  const std::vector<std::string> files = spur::load_env_files(dir, mode);
  if (files.empty()) return;
  std::string list;
  for (const std::string& f : files) list += (list.empty() ? "" : ", ") + f;
  std::fprintf(stderr, " - Environments: %s\n", list.c_str());
}

// Builds the app's tests (its CMakeLists.txt adds them when SPUR_BUILD_TESTS
// is on) in .spur/test, unoptimized for a quick build, and runs them.
int test(const fs::path& dir) {
  if (!has_cmake_lists(dir)) return 1;
  const fs::path build_dir = dir / ".spur" / "test";
  if (!fs::exists(build_dir / "build.ninja")) {
    int rc = run({"cmake", "-S", dir.string(), "-B", build_dir.string(), "-G", "Ninja",
                  "-DCMAKE_BUILD_TYPE=Debug", "-DSPUR_BUILD_TESTS=ON",
                  "-Dspur_DIR=" + package_dir().string()});
    if (rc != 0) return rc;
  }
  if (int rc = run({"cmake", "--build", build_dir.string()}); rc != 0) return rc;
  return run(
      {"ctest", "--test-dir", build_dir.string(), "--output-on-failure", "--no-tests=error"});
}

int start(const fs::path& dir, const std::vector<std::string>& flags) {
  const fs::path binary = built_binary(dir);
  if (binary.empty() || !fs::exists(binary)) {
    std::fprintf(stderr, "spur: no build of %s yet; run `spur build %s` first\n", dir.c_str(),
                 dir.c_str());
    return 1;
  }
  std::vector<char*> args{const_cast<char*>(binary.c_str())};
  for (const std::string& f : flags) args.push_back(const_cast<char*>(f.c_str()));
  args.push_back(nullptr);
  execv(binary.c_str(), args.data());
  std::perror(binary.c_str());
  return 127;
}

// The route table from the files on disk, without compiling anything: the
// patterns and clashes by the router's own rules, the methods read from each
// App Router file's source (spur/codegen/exports.hpp).
int routes(const fs::path& dir) {
  spur::codegen::Discovery found = spur::codegen::discover_routes(dir);
  spur::router::RouteTableResult table = spur::router::build_route_table(std::move(found.entries));
  std::vector<std::string> errors = std::move(found.errors);
  errors.insert(errors.end(), table.errors.begin(), table.errors.end());
  for (const std::string& e : errors) std::fprintf(stderr, "error: %s\n", e.c_str());
  if (!errors.empty()) return 1;
  struct Row {
    std::string pattern, methods, file;
  };
  std::vector<Row> rows;
  std::size_t width = 5;
  for (const spur::router::RouteEntry& e : table.table.entries()) {
    std::string methods = "(handler: every method)";
    if (e.pattern.convention() == spur::router::Convention::app) {
      std::ifstream in(dir / e.file, std::ios::binary);
      std::ostringstream source;
      source << in.rdbuf();
      methods = spur::codegen::allow_for(spur::codegen::exported_methods(source.str()));
    }
    rows.push_back({e.pattern.display(), methods, e.file});
    width = std::max(width, rows.back().pattern.size());
  }
  std::printf("%-*s  %-38s  %s\n", static_cast<int>(width), "Route", "Methods", "File");
  for (const Row& r : rows)
    std::printf("%-*s  %-38s  %s\n", static_cast<int>(width), r.pattern.c_str(), r.methods.c_str(),
                r.file.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"spur: a folder of C++ route files becomes an HTTP API."};
  cli.set_version_flag("--version", std::string("spur ") + SPUR_VERSION);
  cli.require_subcommand(1);

  std::string name, dir;
  CLI::App* new_cmd = cli.add_subcommand("new", "create an app in ./NAME");
  new_cmd->add_option("name", name, "the app's folder")->required();
  std::string template_name;
  new_cmd->add_option("--template", template_name,
                      "posts: a posts CRUD API on SQLite, with its migration and tests");
  CLI::App* build_cmd = cli.add_subcommand("build", "build the app into one server binary");
  build_cmd->add_option("dir", dir, "the app's folder (default: .)");
  CLI::App* test_cmd = cli.add_subcommand("test", "build the app's tests (tests/) and run them");
  test_cmd->add_option("dir", dir, "the app's folder (default: .)");
  CLI::App* routes_cmd =
      cli.add_subcommand("routes", "print the route table (reads the files; compiles nothing)");
  routes_cmd->add_option("dir", dir, "the app's folder (default: .)");
  CLI::App* db_cmd = cli.add_subcommand("db", "the app's database: migrations");
  db_cmd->require_subcommand(1);
  db_cmd->footer("The database is DATABASE_URL's (file:PATH), else DIR/.spur/data.db.");
  CLI::App* migrate_cmd = db_cmd->add_subcommand("migrate", "apply the pending migrations");
  migrate_cmd->add_option("dir", dir, "the app's folder (default: .)");
  CLI::App* status_cmd = db_cmd->add_subcommand("status", "list migrations, applied or pending");
  CLI::App* check_cmd =
      db_cmd->add_subcommand("check", "check the sources' SQL against the migrated schema");
  check_cmd->add_option("dir", dir, "the app's folder (default: .)");
  status_cmd->add_option("dir", dir, "the app's folder (default: .)");
  CLI::App* new_migration_cmd =
      db_cmd->add_subcommand("new", "create the next migration in DIR/db/migrations");
  std::string migration_name;
  new_migration_cmd->add_option("name", migration_name, "letters, digits and _")->required();
  new_migration_cmd->add_option("dir", dir, "the app's folder (default: .)");
  // start and dev pass what follows DIR to the server (see its --help).
  CLI::App* start_cmd = cli.add_subcommand("start", "run the built server");
  CLI::App* dev_cmd =
      cli.add_subcommand("dev", "development server: rebuilds and hot-reloads on save");
  for (CLI::App* cmd : {start_cmd, dev_cmd}) {
    // Everything after the command is the app's folder (optional, first) and
    // the server's flags, passed through as they are: a declared positional
    // would take a flag's value (`--port 0`) for the folder.
    cmd->prefix_command();
    cmd->footer(
        "Arguments: [DIR] [SERVER FLAGS]. DIR is the app's folder (default: .); the "
        "flags go to the server: --port, --hostname, --workers, … (the built "
        "server's --help lists them).");
  }

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  if (new_cmd->parsed()) {
    std::string error;
    const fs::path target = fs::absolute(name);
    if (!spur::cli::scaffold_app(target, template_name, error)) {
      std::fprintf(stderr, "spur: %s\n", error.c_str());
      return 1;
    }
    spur::cli::keep_compile_commands(target);
    std::printf("Created %s. Next:\n  cd %s\n  spur dev\n", name.c_str(), name.c_str());
    return 0;
  }
  if (build_cmd->parsed()) return build(app_dir(dir));
  if (test_cmd->parsed()) {
    load_env(app_dir(dir), "test");
    return test(app_dir(dir));
  }
  if (routes_cmd->parsed()) return routes(app_dir(dir));
  if (check_cmd->parsed()) {
    if (!spur::cli::check_app_sql(app_dir(dir))) return 1;
    std::printf("SQL checked against db/migrations: no problem\n");
    return 0;
  }
  if (db_cmd->parsed()) {
    load_env(app_dir(dir), spur::env_mode("development"));
    const std::string action = migrate_cmd->parsed()  ? "migrate"
                               : status_cmd->parsed() ? "status"
                                                      : "new";
    return spur::cli::database_command(action, app_dir(dir), migration_name);
  }
  CLI::App* const serve_cmd = start_cmd->parsed() ? start_cmd : dev_cmd;
  std::vector<std::string> server_flags = serve_cmd->remaining();
  if (!server_flags.empty() && !server_flags.front().starts_with('-')) {
    dir = server_flags.front();
    server_flags.erase(server_flags.begin());
  }
  load_env(app_dir(dir), spur::env_mode(start_cmd->parsed() ? "production" : "development"));
  spur::cli::database_url(app_dir(dir));  // the servers below inherit it
  if (start_cmd->parsed()) {
    if (!spur::cli::ready_to_start(app_dir(dir), server_flags)) return 1;
    return start(app_dir(dir), server_flags);
  }
  const fs::path app = app_dir(dir);
  if (!has_cmake_lists(app)) return 1;
  spur::cli::keep_compile_commands(app);
  return spur::cli::dev(app, server_flags, package_dir());
}
