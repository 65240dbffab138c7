#pragma once
// What `spur dev` watches: app/, pages/, lib/, public/ (recursively, new
// folders included) and the root's CMakeLists.txt, middleware.cpp and
// spur.config.cpp, and the root's .env files. Uses
// inotify; where inotify is unavailable (or SPUR_DEV_POLL=1) it compares the
// files' modification times and sizes every 250 ms instead.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>

namespace spur::cli {

class Watcher {
 public:
  explicit Watcher(std::filesystem::path dir);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // A descriptor that becomes readable on a change; -1 when polling (call
  // changed() on a timer instead).
  int fd() const { return fd_; }
  bool polling() const { return fd_ < 0; }
  const char* mode() const { return fd_ < 0 ? "polling" : "inotify"; }

  // True if something the app is built from changed since the last call.
  // With inotify this drains the pending events without blocking.
  bool changed();
  // True once after a change to a .env file (.env, .env.local, .env.MODE,
  // .env.MODE.local) that changed() reported.
  bool take_env_change() { return std::exchange(env_changed_, false); }

 private:
  void add_watch(const std::filesystem::path& dir, bool recursive);
  bool drain_events();
  using Snapshot = std::map<std::string, std::pair<std::int64_t, std::uintmax_t>>;
  Snapshot scan() const;

  std::filesystem::path dir_;
  int fd_ = -1;
  std::map<int, std::filesystem::path> watched_;  // inotify watch → folder
  Snapshot snapshot_;                             // polling: last scan
  bool env_changed_ = false;
};

}  // namespace spur::cli
