// spur-codegen: the build-time step of spur_add_app().
//   spur-codegen unit APP_ROOT RELATIVE_FILE OUTPUT   one source file's generated unit
//   spur-codegen table OUTPUT [--public-dir DIR] RELATIVE_FILE...
//                                                     the route table (fails on clashes)
//   spur-codegen classify RELATIVE_FILE...            each file's role, one per line
//   spur-codegen compile-commands APP_ROOT INCLUDE_DIR
//                                                     the app's compile_commands.json
// Outputs are rewritten only when their content changes, so an unchanged route
// is not recompiled.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "spur/codegen/codegen.hpp"
#include "spur/codegen/compile_commands.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_if_changed(const fs::path& p, const std::string& content) {
  std::error_code ec;
  if (fs::exists(p, ec)) {
    try {
      if (read_file(p) == content) return;
    } catch (const std::exception&) {
    }
  }
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

int usage() {
  std::fprintf(stderr,
               "usage: spur-codegen unit [--dev] APP_ROOT RELATIVE_FILE OUTPUT\n"
               "       spur-codegen table OUTPUT [--public-dir DIR] RELATIVE_FILE...\n"
               "       spur-codegen classify RELATIVE_FILE...\n"
               "       spur-codegen compile-commands APP_ROOT INCLUDE_DIR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string command = argv[1];
  try {
    if (command == "unit" && argc == 5) {
      const fs::path root = fs::absolute(argv[2]);
      const std::string rel = argv[3];
      const fs::path source = root / rel;
      write_if_changed(argv[4], spur::codegen::generate_unit(
                                    rel, source.lexically_normal().string(), read_file(source)));
      return 0;
    }
    if (command == "unit" && argc == 6 && std::string_view(argv[2]) == "--dev") {
      const fs::path root = fs::absolute(argv[3]);
      const std::string rel = argv[4];
      const fs::path source = root / rel;
      write_if_changed(argv[5],
                       spur::codegen::generate_unit(rel, source.lexically_normal().string(),
                                                    read_file(source), true));
      return 0;
    }
    // The role of each file, one line each ("app_route\tapp/api/x/route.cpp"):
    // what CMake and `spur dev` build each file as comes from here alone.
    if (command == "classify") {
      for (int i = 2; i < argc; ++i)
        std::printf("%s\t%s\n", spur::codegen::role_name(spur::codegen::classify(argv[i]).role),
                    argv[i]);
      return 0;
    }
    // What `spur new`, `spur dev` and `spur build` keep at an app's root,
    // written to APP_ROOT/compile_commands.json (for an editor, or a check).
    if (command == "compile-commands" && argc == 4) {
      const fs::path root = fs::absolute(argv[2]);
      write_if_changed(root / "compile_commands.json",
                       spur::codegen::compile_commands_json(root, spur::codegen::app_sources(root),
                                                            {.include_dirs = {argv[3]}}));
      return 0;
    }
    if (command == "table") {
      int first = 3;
      std::string public_dir;
      if (argc >= 5 && std::string_view(argv[3]) == "--public-dir") {
        public_dir = argv[4];
        first = 5;
      }
      std::vector<std::string> files(argv + first, argv + argc);
      write_if_changed(argv[2], spur::codegen::generate_table(files, public_dir));
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s", e.what());
    std::string_view w = e.what();
    if (w.empty() || w.back() != '\n') std::fputc('\n', stderr);
    return 1;
  }
  return usage();
}
