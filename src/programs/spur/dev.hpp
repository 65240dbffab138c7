#pragma once
#include <filesystem>

namespace spur::cli {

// `spur dev [DIR] [--port N]`: the development server with hot reload.
// `package_dir` is where find_package(spur) finds this Spur.
int dev(const std::filesystem::path& dir, int argc, char** argv, int first_flag,
        const std::filesystem::path& package_dir);

}  // namespace spur::cli
