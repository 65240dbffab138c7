#include "spur/codegen/discover.hpp"

#include <algorithm>
#include <system_error>
#include <utility>

namespace spur::codegen {

using router::NotARoute;
using router::PatternError;
using router::route_pattern_from_file;
using router::RouteEntry;
using router::RouteFileResult;
using router::RoutePattern;

namespace {

namespace fs = std::filesystem;

class Walker {
 public:
  explicit Walker(Discovery& out) : out_(out) {}

  // `relative` is "app" or "pages/api": the start of every path reported.
  void walk_root(const fs::path& app_root, const std::string& relative) {
    fs::path dir = app_root / relative;
    std::error_code ec;
    fs::file_status status = fs::status(dir, ec);
    if (status.type() == fs::file_type::not_found) return;  // a convention the app does not use
    if (ec) return fail(relative, "cannot read: " + ec.message());
    if (!fs::is_directory(status)) return fail(relative, "is not a folder");
    walk(dir, relative);
  }

 private:
  void walk(const fs::path& dir, const std::string& relative) {
    std::error_code ec;
    fs::path real = fs::canonical(dir, ec);
    if (ec) return fail(relative, "cannot read: " + ec.message());
    // A folder link that leads back into the current chain is a cycle; links
    // elsewhere are walked, so a linked folder of routes works.
    if (std::find(ancestors_.begin(), ancestors_.end(), real) != ancestors_.end()) return;
    ancestors_.push_back(real);
    fs::directory_iterator end;
    for (fs::directory_iterator it(dir, ec); !ec && it != end; it.increment(ec)) {
      visit(*it, relative + "/" + it->path().filename().string());
    }
    if (ec) fail(relative, "cannot read the folder: " + ec.message());
    ancestors_.pop_back();
  }

  void visit(const fs::directory_entry& entry, const std::string& relative) {
    std::error_code ec;
    fs::file_status status = entry.status(ec);  // follows symbolic links
    if (fs::is_directory(status)) {
      // Private folders (App Router) and `_` folders (Pages Router) hold no
      // routes, however their contents are named.
      if (entry.path().filename().string().starts_with('_')) return;
      walk(entry.path(), relative);
    } else if (fs::is_regular_file(status)) {
      add_file(relative);
    } else if (status.type() == fs::file_type::not_found && entry.is_symlink(ec)) {
      // A dangling link would otherwise make a route silently vanish.
      if (!std::holds_alternative<NotARoute>(route_pattern_from_file(relative))) {
        fail(relative, "is a symbolic link to a missing file");
      }
    }
  }

  void add_file(const std::string& relative) {
    RouteFileResult result = route_pattern_from_file(relative);
    if (auto* pattern = std::get_if<RoutePattern>(&result)) {
      out_.entries.push_back({std::move(*pattern), relative, 0});
    } else if (auto* error = std::get_if<PatternError>(&result)) {
      out_.errors.push_back(std::move(error->message));
    }
  }

  void fail(const std::string& relative, const std::string& problem) {
    out_.errors.push_back(relative + ": " + problem);
  }

  Discovery& out_;
  std::vector<fs::path> ancestors_;
};

}  // namespace

Discovery discover_routes(const std::filesystem::path& app_root) {
  Discovery found;
  Walker walker(found);
  walker.walk_root(app_root, "app");
  walker.walk_root(app_root, "pages/api");
  // Directory order is the file system's; sorting makes ids and messages
  // the same on every machine and every run.
  std::sort(found.entries.begin(), found.entries.end(),
            [](const RouteEntry& a, const RouteEntry& b) { return a.file < b.file; });
  for (std::size_t i = 0; i < found.entries.size(); ++i) found.entries[i].id = i;
  std::sort(found.errors.begin(), found.errors.end());
  return found;
}

}  // namespace spur::codegen
