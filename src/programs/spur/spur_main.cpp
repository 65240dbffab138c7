// spur: the command line.
//   spur new NAME            scaffold an app that builds and answers on the first try
//   spur build [DIR]         one optimized server binary (CMake + Ninja under DIR/.spur/)
//   spur start [DIR] [...]   run the built server with the remaining flags
//   spur routes [DIR]        the route table: URL pattern, methods, file
//   spur dev [DIR] [...]     development server with hot reload (cli/dev.cpp)
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dev.hpp"
#include "scaffold.hpp"

namespace fs = std::filesystem;

namespace {

const char* const usage_text =
    "usage: spur <command> [args]\n"
    "  new NAME            create an app in ./NAME\n"
    "  build [DIR]         build the app in DIR (default .) into one server binary\n"
    "  start [DIR] [FLAGS] run the built server (--port, --hostname, --workers, ...)\n"
    "  routes [DIR]        print the route table\n"
    "  dev [DIR] [FLAGS]   development server: rebuilds and hot-reloads on save\n";

// Where find_package(spur) finds this Spur: the installed package beside the
// executable, else the build tree it was built in.
fs::path package_dir(const char* argv0) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) self = fs::absolute(argv0);
  fs::path installed = self.parent_path().parent_path() / "lib" / "cmake" / "spur";
  if (fs::exists(installed / "spurConfig.cmake", ec)) return installed;
  return SPUR_BUILD_TREE_PACKAGE_DIR;
}

int run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[0], argv.data());
    std::perror(argv[0]);
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

fs::path app_dir(int argc, char** argv, int index) {
  fs::path dir = argc > index && argv[index][0] != '-' ? fs::path(argv[index]) : fs::current_path();
  return fs::absolute(dir).lexically_normal();
}

// The server binary spur_add_app() recorded for the app in `dir`.
fs::path built_binary(const fs::path& dir) {
  std::ifstream in(dir / ".spur" / "build" / "spur-app-binary.txt");
  std::string path;
  std::getline(in, path);
  return path;
}

int build(const fs::path& dir, const char* argv0) {
  if (!fs::exists(dir / "CMakeLists.txt")) {
    std::fprintf(stderr, "spur: %s has no CMakeLists.txt (create an app with `spur new NAME`)\n",
                 dir.c_str());
    return 1;
  }
  const fs::path build_dir = dir / ".spur" / "build";
  if (!fs::exists(build_dir / "build.ninja")) {
    int rc = run({"cmake", "-S", dir.string(), "-B", build_dir.string(), "-G", "Ninja",
                  "-DCMAKE_BUILD_TYPE=Release", "-Dspur_DIR=" + package_dir(argv0).string()});
    if (rc != 0) return rc;
  }
  return run({"cmake", "--build", build_dir.string()});
}

int start(const fs::path& dir, int argc, char** argv, int first_flag) {
  fs::path binary = built_binary(dir);
  if (binary.empty() || !fs::exists(binary)) {
    std::fprintf(stderr, "spur: no build of %s yet; run `spur build %s` first\n", dir.c_str(),
                 dir.c_str());
    return 1;
  }
  std::vector<char*> args{const_cast<char*>(binary.c_str())};
  for (int i = first_flag; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  execv(binary.c_str(), args.data());
  std::perror(binary.c_str());
  return 127;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(usage_text, stderr);
    return 2;
  }
  const std::string command = argv[1];
  if (command == "new") {
    if (argc != 3) {
      std::fputs("usage: spur new NAME\n", stderr);
      return 2;
    }
    std::string error;
    if (!spur::cli::scaffold_app(fs::absolute(argv[2]), error)) {
      std::fprintf(stderr, "spur: %s\n", error.c_str());
      return 1;
    }
    std::printf("Created %s. Next:\n  cd %s\n  spur build && spur start\n", argv[2], argv[2]);
    return 0;
  }
  if (command == "build") return build(app_dir(argc, argv, 2), argv[0]);
  if (command == "start") {
    fs::path dir = app_dir(argc, argv, 2);
    int first_flag = argc > 2 && argv[2][0] != '-' ? 3 : 2;
    return start(dir, argc, argv, first_flag);
  }
  if (command == "dev") {
    fs::path dir = app_dir(argc, argv, 2);
    int first_flag = argc > 2 && argv[2][0] != '-' ? 3 : 2;
    return spur::cli::dev(dir, argc, argv, first_flag, package_dir(argv[0]));
  }
  if (command == "routes") {
    fs::path dir = app_dir(argc, argv, 2);
    if (int rc = build(dir, argv[0]); rc != 0) return rc;
    return run({built_binary(dir).string(), "--routes"});
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(usage_text, stdout);
    return 0;
  }
  std::fprintf(stderr, "spur: unknown command '%s'\n%s", command.c_str(), usage_text);
  return 2;
}
