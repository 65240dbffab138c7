// spur-codegen: the build-time step of spur_add_app().
//   spur-codegen unit APP_ROOT RELATIVE_FILE OUTPUT   one source file's generated unit
//   spur-codegen table OUTPUT [--public-dir DIR] RELATIVE_FILE...
//                                                     the route table (fails on clashes)
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
               "       spur-codegen table OUTPUT [--public-dir DIR] RELATIVE_FILE...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
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
    // `unit --dev`: the same unit, plus (for a route file) the export the dev
    // host looks up with dlsym() when the unit is built as its own shared object.
    if (command == "unit" && argc == 6 && std::string_view(argv[2]) == "--dev") {
      const fs::path root = fs::absolute(argv[3]);
      const std::string rel = argv[4];
      const fs::path source = root / rel;
      std::string unit =
          spur::codegen::generate_unit(rel, source.lexically_normal().string(), read_file(source));
      const auto role = spur::codegen::classify(rel).role;
      if (role == spur::codegen::FileRole::app_route ||
          role == spur::codegen::FileRole::pages_route)
        unit +=
            "extern \"C\" __attribute__((visibility(\"default\"))) spur::RouteModule "
            "spur_dev_route_module() {\n  return spur_route_module_" +
            spur::codegen::unit_id(rel) + "();\n}\n";
      write_if_changed(argv[5], unit);
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
