#include "editor_support.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include "spur/codegen/compile_commands.hpp"

namespace spur::cli {
namespace fs = std::filesystem;
namespace {

// Spur's headers: the installed include/ beside this executable, else the
// source tree this `spur` was built from.
std::string spur_include_dir() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  const fs::path installed = self.parent_path().parent_path() / "include";
  if (!ec && fs::exists(installed / "spur" / "route.hpp", ec)) return installed.string();
  return SPUR_SOURCE_INCLUDE_DIR;
}

}  // namespace

void keep_compile_commands(const fs::path& dir) {
  const std::string json = codegen::compile_commands_json(dir, codegen::app_sources(dir),
                                                          {.include_dirs = {spur_include_dir()}});
  const fs::path path = dir / "compile_commands.json";
  std::ifstream existing(path, std::ios::binary);
  std::ostringstream old;
  old << existing.rdbuf();
  if (old.str() == json) return;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << json;
  if (!out) std::fprintf(stderr, "spur: cannot write %s\n", path.c_str());
}

}  // namespace spur::cli
