#pragma once
// `spur new NAME`: the files of a new app, which builds and answers on the
// first try.
#include <filesystem>
#include <string>
#include <vector>

namespace spur::cli {

// One file of a template: its path in the app and its text.
struct TemplateFile {
  const char* path;
  const char* text;
};

// The "posts" template: examples/app-router's posts CRUD on SQLite (routes,
// lib/posts.hpp, the migration, in-process tests), embedded at build time.
extern const std::vector<TemplateFile> posts_template;

// Creates `dir` with CMakeLists.txt, app/api/hello/route.cpp, README.md and
// .gitignore, plus the files of `template_name` ("" or "posts"). Fails
// (false, `error` set) if `dir` exists and is not empty, or for an unknown
// template.
bool scaffold_app(const std::filesystem::path& dir, const std::string& template_name,
                  std::string& error);

}  // namespace spur::cli
