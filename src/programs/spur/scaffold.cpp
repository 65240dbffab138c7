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

// Where examples/app-router names its own target, the new app's name goes.
std::string for_app(std::string text, const std::string& name) {
  const std::string example = "spur-app-router";
  for (std::size_t at = 0; (at = text.find(example, at)) != std::string::npos; at += name.size())
    text.replace(at, example.size(), name);
  return text;
}

}  // namespace

bool scaffold_app(const std::filesystem::path& dir, const std::string& template_name,
                  std::string& error) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
    error = dir.string() + " already exists and is not empty";
    return false;
  }
  const bool posts = template_name == "posts";
  if (!posts && !template_name.empty()) {
    error = "no template named '" + template_name + "' (there is: posts)";
    return false;
  }
  const std::string name = target_name(dir.filename().string());
  const std::string tests = posts ? "if(BUILD_TESTING OR SPUR_BUILD_TESTS)  # spur test\n"
                                    "  enable_testing()\n"
                                    "  add_subdirectory(tests)\n"
                                    "endif()\n"
                                  : "";
  const std::string posts_readme =
      posts ? "\nThe posts API (`app/api/posts`) stores its rows in SQLite: the database is\n"
              "`DATABASE_URL`'s (`file:PATH`), else `.spur/data.db`; its schema is\n"
              "`db/migrations/` (`spur db migrate`, `spur db new NAME`; `spur dev` applies\n"
              "them). `spur test` runs `tests/` in-process, each test on a fresh database.\n\n"
              "```sh\ncurl -X POST localhost:3000/api/posts -d '{\"title\":\"Hi\"}'\n"
              "curl localhost:3000/api/posts\n```\n"
            : "";
  bool ok =
      write(dir / "CMakeLists.txt",
            "cmake_minimum_required(VERSION 3.25)\n"
            "project(" +
                name +
                " LANGUAGES CXX)\n\n"
                "set(CMAKE_CXX_STANDARD 20)\n"
                "set(CMAKE_CXX_STANDARD_REQUIRED ON)\n\n"
                "find_package(spur CONFIG REQUIRED)\n"
                "spur_add_app(" +
                name + ")\n" + tests,
            error) &&
      write(dir / "app/api/hello/route.cpp",
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
                "```sh\nspur dev        # serve, rebuilding what you save\n"
                "spur build      # one optimized server binary\n"
                "spur start      # serve on http://localhost:3000 (--port, PORT)\n"
                "spur routes     # the route table\n```\n\n"
                "Try `curl localhost:3000/api/hello`, then add `app/api/<name>/route.cpp`.\n" +
                posts_readme,
            error) &&
      write(dir / ".gitignore", ".spur/\ncompile_commands.json\n.env*.local\n", error);
  if (posts)
    for (const TemplateFile& file : posts_template)
      ok = ok && write(dir / file.path, for_app(file.text, name), error);
  return ok;
}

}  // namespace spur::cli
