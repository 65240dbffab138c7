#pragma once
// Turning an app's source files into C++ the compiler builds, as pure
// functions over text. Every `.cpp` under app/, pages/ and lib/ gets one
// generated unit:
//  - a route file is compiled inside its own namespace (so two routes may
//    both define GET, a helper `load()` or a struct `Row`), after its
//    #include lines are hoisted out of that namespace, with #line directives
//    so compiler errors point at the user's file and line; the unit ends with
//    a function that builds the file's RouteModule;
//  - any other file is included as it is (shared code, compiled once).
// The table unit lists the route modules for App.
#include <string>
#include <string_view>
#include <vector>

namespace spur::codegen {

// A C++ identifier unique to a relative path, stable across builds, e.g.
// "app_api_posts__id__route_cpp_1f3a9c2e".
std::string unit_id(std::string_view relative_path);

// The app-level files at the root: the middleware and the app's settings.
inline constexpr std::string_view middleware_file = "middleware.cpp";
inline constexpr std::string_view config_file = "spur.config.cpp";

// Whether `relative_path` is a route file and, if so, of which router; or one
// of the app-level files.
enum class FileRole { app_route, pages_route, middleware, app_config, shared, invalid };
struct Classified {
  FileRole role;
  std::string error;  // for invalid: "<file>: <why>"
};
Classified classify(std::string_view relative_path);
// "app_route", "pages_route", "middleware", "app_config", "shared", "invalid".
const char* role_name(FileRole role) noexcept;

// The generated unit for one source file. `absolute_path` is used in #line
// directives and to resolve quoted includes relative to the file. `dev`: a
// route file's unit also exports spur_dev_route_module() for `spur dev`'s
// host. Throws std::runtime_error ("file:line: error: …") for a file that
// cannot be wrapped: an invalid route file name, or an #include inside an
// #if block.
std::string generate_unit(std::string_view relative_path, std::string_view absolute_path,
                          std::string_view source, bool dev = false);

// The table unit: `spur_app_routes()` returning every route module,
// `spur_app_public_dir()` returning `public_dir` (the folder of static files,
// possibly empty), `spur_app_middleware()` (null without middleware.cpp) and
// `spur_app_config()` (the defaults without spur.config.cpp), and
// `spur_app_options()`: all three as the AppOptions of the app. Throws std::runtime_error with one
// line per problem (bad file names, two files for one URL pattern) so that the build fails naming
// the files.
std::string generate_table(const std::vector<std::string>& relative_paths,
                           std::string_view public_dir = {});

}  // namespace spur::codegen
