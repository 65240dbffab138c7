#include "scaffold.hpp"

#include <fstream>

namespace spur::cli {
namespace {

// A CMake target name from the folder name: letters, digits, '_' and '-'.
std::string target_name(const std::string& folder) {
  std::string out;
  for (char c : folder) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out.empty() ? std::string("app") : out;
}

bool write(const std::filesystem::path& path, const std::string& text, std::string& error) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) error = "cannot write " + path.string();
  return static_cast<bool>(out);
}

}  // namespace

bool scaffold_app(const std::filesystem::path& dir, std::string& error) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
    error = dir.string() + " already exists and is not empty";
    return false;
  }
  const std::string name = target_name(dir.filename().string());
  return write(dir / "CMakeLists.txt",
               "cmake_minimum_required(VERSION 3.25)\n"
               "project(" +
                   name +
                   " LANGUAGES CXX)\n\n"
                   "set(CMAKE_CXX_STANDARD 20)\n"
                   "set(CMAKE_CXX_STANDARD_REQUIRED ON)\n\n"
                   "find_package(spur CONFIG REQUIRED)\n"
                   "spur_add_app(" +
                   name + ")\n",
               error) &&
         write(
             dir / "app/api/hello/route.cpp",
             "#include <spur/route.hpp>\n"
             "using namespace spur;\n\n"
             "// GET /api/hello\n"
             "Response GET() { return Response::json({{\"message\", \"Hello from Spur!\"}}); }\n\n"
             "// POST /api/hello echoes the JSON body it receives.\n"
             "Response POST(Request& req) { return Response::json({{\"received\", req.json()}}); "
             "}\n",
             error) &&
         write(dir / "README.md",
               "# " + name +
                   "\n\nA Spur app: every `app/**/route.cpp` is an API route.\n\n"
                   "```sh\nspur build      # one optimized server binary\n"
                   "spur start      # serve on http://localhost:3000 (--port, PORT)\n"
                   "spur routes     # the route table\n```\n\n"
                   "Try `curl localhost:3000/api/hello`, then add `app/api/<name>/route.cpp`.\n",
               error) &&
         write(dir / ".gitignore", ".spur/\ncompile_commands.json\n", error);
}

}  // namespace spur::cli
