#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace spur::cli {

// `spur dev [DIR] [FLAGS]`: the development server with hot reload; `flags`
// go to the server. `package_dir` is where find_package(spur) finds this Spur.
int dev(const std::filesystem::path& dir, const std::vector<std::string>& flags,
        const std::filesystem::path& package_dir);

}  // namespace spur::cli
