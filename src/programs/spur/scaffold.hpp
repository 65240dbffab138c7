#pragma once
// `spur new NAME`: the files of a new app, which builds and answers on the
// first try.
#include <filesystem>
#include <string>

namespace spur::cli {

// Creates `dir` with CMakeLists.txt, app/api/hello/route.cpp, README.md and
// .gitignore. Fails (false, `error` set) if `dir` exists and is not empty.
bool scaffold_app(const std::filesystem::path& dir, std::string& error);

}  // namespace spur::cli
