#pragma once
// The app's compile_commands.json, kept up to date by `spur new`, `spur dev`
// and `spur build` (see spur/codegen/compile_commands.hpp).
#include <filesystem>

namespace spur::cli {

// Writes DIR/compile_commands.json for the app's sources as they are now,
// when its content changes. A failure is reported and otherwise ignored:
// editor support must never stop a build.
void keep_compile_commands(const std::filesystem::path& dir);

}  // namespace spur::cli
