#pragma once
// Finding an app's route files on disk, for `spur routes` (which prints the
// table without compiling the app). The naming rules live in the pure
// route_pattern_from_file() (what classify() asks too); this only walks
// folders and feeds it paths.
#include <filesystem>
#include <string>
#include <vector>

#include "spur/router/route_table.hpp"

namespace spur::codegen {

struct Discovery {
  std::vector<router::RouteEntry> entries;  // sorted by file; each id is its index here
  std::vector<std::string> errors;          // bad file names and unreadable folders, sorted
};

// Walks `app_root/app` and `app_root/pages/api` (either may be missing) and
// derives a pattern for every file found. Folders starting with `_` are not
// entered (App Router private folders; Pages Router non-routes). Symbolic
// links are followed, to files and to folders, except a folder link that leads
// back into a folder being walked, so a link cycle cannot loop. Clashes between
// the entries are for build_route_table() to find.
// Example:
//   auto found = discover_routes("my-api");
//   auto table = build_route_table(std::move(found.entries));
Discovery discover_routes(const std::filesystem::path& app_root);

}  // namespace spur::codegen
