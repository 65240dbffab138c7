#pragma once
// The compile_commands.json `spur new`, `spur dev` and `spur build` keep at an
// app's root, so that clangd (VS Code, CLion, Vim…) understands a route file
// as written: completion, errors and go-to-definition against Spur's headers.
#include <filesystem>
#include <string>
#include <vector>

namespace spur::codegen {

// What an app's sources compile with, as an editor needs it.
struct CompileSettings {
  std::string compiler = "c++";
  std::vector<std::string> include_dirs;  // Spur's include/ (the app root is added)
};

// The app's C++ sources as spur_add_app() builds them, relative to `app_root`
// and sorted: every .cpp under app/, pages/ and lib/ (links followed), and
// middleware.cpp and spur.config.cpp at the root.
std::vector<std::string> app_sources(const std::filesystem::path& app_root);

// The JSON compilation database for `files` (relative to `app_root`): one
// entry each, compiled as C++20 with the app root and `settings`' folders on
// the include path.
std::string compile_commands_json(const std::filesystem::path& app_root,
                                  const std::vector<std::string>& files,
                                  const CompileSettings& settings);

}  // namespace spur::codegen
