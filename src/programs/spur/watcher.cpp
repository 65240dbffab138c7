#include "watcher.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>

namespace fs = std::filesystem;

namespace spur::cli {
namespace {

// db: its migrations are applied when they change (database_commands.hpp).
constexpr std::array<const char*, 5> source_folders{"app", "pages", "lib", "public", "db"};

bool is_source_folder(const std::string& name) {
  for (const char* f : source_folders)
    if (name == f) return true;
  return false;
}

bool is_root_source(const std::string& name) {
  return name == "CMakeLists.txt" || name == "middleware.cpp" || name == "spur.config.cpp";
}

// .env, .env.local, .env.MODE, .env.MODE.local (core/env.hpp); not an
// editor's .env.swp.
bool is_env_file(const std::string& name) {
  if (name != ".env" && !name.starts_with(".env.")) return false;
  return !name.ends_with(".swp") && !name.ends_with(".swx") && !name.ends_with("~") &&
         name.find('/') == std::string::npos;
}

// Editors' swap and backup files are not the app's.
bool is_editor_noise(const std::string& name) {
  return name.empty() || name.front() == '.' || name.back() == '~';
}

}  // namespace

Watcher::Watcher(fs::path dir) : dir_(std::move(dir)) {
  const char* poll = std::getenv("SPUR_DEV_POLL");
  if (!(poll && std::strcmp(poll, "1") == 0)) fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    snapshot_ = scan();
    return;
  }
  add_watch(dir_, false);
  for (const char* sub : source_folders)
    if (fs::is_directory(dir_ / sub)) add_watch(dir_ / sub, true);
}

Watcher::~Watcher() {
  if (fd_ >= 0) close(fd_);
}

bool Watcher::changed() {
  if (fd_ >= 0) return drain_events();
  Snapshot now = scan();
  const bool differs = now != snapshot_;
  // The .env files' part of the snapshot (their keys start with the root's path).
  const auto env_part = [&](const Snapshot& s) {
    Snapshot part;
    for (const auto& [path, stamp] : s)
      if (is_env_file(fs::path(path).filename().string()) && fs::path(path).parent_path() == dir_)
        part.emplace(path, stamp);
    return part;
  };
  if (differs && env_part(now) != env_part(snapshot_)) env_changed_ = true;
  snapshot_ = std::move(now);
  return differs;
}

void Watcher::add_watch(const fs::path& dir, bool recursive) {
  // The root holds other files too (logs, .spur/): whole-file events only.
  const std::uint32_t mask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                             (dir == dir_ ? 0 : IN_MODIFY | IN_ATTRIB);
  const int wd = inotify_add_watch(fd_, dir.c_str(), mask);
  if (wd >= 0) watched_[wd] = dir;
  if (!recursive) return;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_directory(ec)) add_watch(entry.path(), true);
}

bool Watcher::drain_events() {
  bool relevant = false;
  alignas(inotify_event) char buf[16384];
  for (ssize_t n; (n = read(fd_, buf, sizeof buf)) > 0;) {
    for (char* p = buf; p < buf + n;) {
      auto* e = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + e->len;
      const std::string name = e->len ? e->name : "";
      auto it = watched_.find(e->wd);
      if (it == watched_.end()) continue;
      const fs::path path = it->second / name;
      if (it->second == dir_) {
        // The root: only the build file, middleware and new source folders.
        if ((e->mask & IN_ISDIR) && is_source_folder(name)) {
          add_watch(path, true);
          relevant = true;
        }
        if (is_env_file(name)) env_changed_ = true;
        relevant = relevant || is_root_source(name) || is_env_file(name);
        continue;
      }
      if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO))) add_watch(path, true);
      relevant = relevant || !is_editor_noise(name);
    }
  }
  return relevant;
}

Watcher::Snapshot Watcher::scan() const {
  Snapshot files;
  std::error_code ec;
  const auto record = [&](const fs::path& path) {
    const auto mtime = fs::last_write_time(path, ec);
    const auto size = fs::file_size(path, ec);
    if (!ec) files[path.string()] = {mtime.time_since_epoch().count(), size};
  };
  for (const char* root_file : {"CMakeLists.txt", "middleware.cpp", "spur.config.cpp"})
    if (fs::exists(dir_ / root_file, ec)) record(dir_ / root_file);
  for (const auto& entry : fs::directory_iterator(dir_, ec))
    if (is_env_file(entry.path().filename().string()) && entry.is_regular_file(ec))
      record(entry.path());
  for (const char* sub : source_folders) {
    if (!fs::is_directory(dir_ / sub, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(dir_ / sub, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (it->is_regular_file(ec) && !is_editor_noise(name)) record(it->path());
    }
  }
  return files;
}

}  // namespace spur::cli
