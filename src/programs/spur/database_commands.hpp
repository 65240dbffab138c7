#pragma once
// The app's database from the command line: `spur db migrate|status|new`,
// the migrations `spur dev` applies as they change, and the check `spur
// start` makes before it serves.
#include <filesystem>
#include <string>
#include <vector>

namespace spur::cli {

// The database an app in `app` uses: DATABASE_URL's, else a file under the
// app's .spur/ (git-ignored by `spur new`). Exported into the environment, so
// that the servers `spur start` and `spur dev` run use the same one.
std::string database_url(const std::filesystem::path& app);

// `spur db ACTION` ("migrate", "status", "new"): 0, or 1 with the reason on
// stderr. `name` is the new migration's.
int database_command(const std::string& action, const std::filesystem::path& app,
                     const std::string& name);

// Applies what is pending in app/db/migrations, saying what it applied;
// false (with the reason on stderr) when a migration fails or was edited.
bool apply_migrations(const std::filesystem::path& app);

// Before `spur start`: true when no migration is pending (or `--migrate` is
// among `flags`, which is then removed, and they were applied); otherwise
// false with the reason on stderr.
bool ready_to_start(const std::filesystem::path& app, std::vector<std::string>& flags);

}  // namespace spur::cli
