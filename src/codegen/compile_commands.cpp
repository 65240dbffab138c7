#include "spur/codegen/compile_commands.hpp"

#include "spur/text/json_escape.hpp"

#include <algorithm>
#include <system_error>

namespace spur::codegen {
namespace fs = std::filesystem;
namespace {

std::string json_string(std::string_view s) {
  std::string out;
  text::append_json_string(out, s);
  return out;
}

void add_tree(const fs::path& root, const std::string& folder, std::vector<std::string>& out) {
  std::error_code ec;
  const fs::path dir = root / folder;
  if (!fs::is_directory(dir, ec)) return;
  const auto options = fs::directory_options::follow_directory_symlink |
                       fs::directory_options::skip_permission_denied;
  for (fs::recursive_directory_iterator it(dir, options, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".cpp" && it->is_regular_file(ec))
      out.push_back(it->path().lexically_relative(root).generic_string());
  }
}

}  // namespace

std::vector<std::string> app_sources(const fs::path& app_root) {
  std::vector<std::string> out;
  for (const char* folder : {"app", "pages", "lib"}) add_tree(app_root, folder, out);
  std::error_code ec;
  for (const char* file : {"middleware.cpp", "spur.config.cpp"})
    if (fs::is_regular_file(app_root / file, ec)) out.emplace_back(file);
  std::sort(out.begin(), out.end());
  return out;
}

std::string compile_commands_json(const fs::path& app_root, const std::vector<std::string>& files,
                                  const CompileSettings& settings) {
  const std::string root = fs::absolute(app_root).lexically_normal().string();
  // "arguments" rather than a "command" line: paths with spaces need no quoting.
  std::string flags =
      json_string(settings.compiler) + ", \"-std=c++20\", " + json_string("-I" + root);
  for (const std::string& dir : settings.include_dirs) flags += ", " + json_string("-I" + dir);
  std::string json = "[\n";
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string file = (fs::path(root) / files[i]).string();
    json += "  {\"directory\": " + json_string(root) + ", \"file\": " + json_string(file) +
            ", \"arguments\": [" + flags + ", \"-c\", " + json_string(file) + "]}";
    json += i + 1 < files.size() ? ",\n" : "\n";
  }
  return json + "]\n";
}

}  // namespace spur::codegen
