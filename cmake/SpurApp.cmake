# spur_add_app(<target> [DIR <app-root>])
#
# Builds the app in <app-root> (default: the current source folder) into one
# server executable <target>: every .cpp under app/, pages/ and lib/, and the
# root's middleware.cpp and spur.config.cpp, gets a generated unit (route and
# app-level files wrapped in their own namespace, other files compiled as
# shared code), plus the route table, linked with Spur's main().
# The files of <app-root>/public/ are served as static files (the path is
# recorded in the table; the binary's --public-dir flag overrides it).
# The same code without main() is the OBJECT library <target>_routes, for
# tests with spur::testing. The file list is re-globbed at build time, so
# adding or removing a route file needs no manual re-run of CMake. Two files for one URL pattern fail the
# build with a message naming both.
function(spur_add_app target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "DIR" "")
  if(ARG_DIR)
    get_filename_component(root "${ARG_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  else()
    set(root "${CMAKE_CURRENT_SOURCE_DIR}")
  endif()

  file(GLOB_RECURSE sources CONFIGURE_DEPENDS FOLLOW_SYMLINKS LIST_DIRECTORIES false RELATIVE "${root}"
       "${root}/app/*.cpp" "${root}/pages/*.cpp" "${root}/lib/*.cpp")
  # The app-level files at the root: middleware and settings.
  file(GLOB app_files CONFIGURE_DEPENDS LIST_DIRECTORIES false RELATIVE "${root}"
       "${root}/middleware.cpp" "${root}/spur.config.cpp")
  list(APPEND sources ${app_files})
  list(SORT sources)

  set(gen "${CMAKE_CURRENT_BINARY_DIR}/${target}.spur")
  set(dev_flag)
  if(SPUR_DEV)
    set(dev_flag --dev)
  endif()
  set(units)
  foreach(rel IN LISTS sources)
    string(MAKE_C_IDENTIFIER "${rel}" id)
    string(SHA1 hash "${rel}")
    string(SUBSTRING "${hash}" 0 8 hash)
    set(out "${gen}/${id}_${hash}.cpp")
    add_custom_command(
      OUTPUT "${out}"
      COMMAND spur::codegen unit ${dev_flag} "${root}" "${rel}" "${out}"
      DEPENDS "${root}/${rel}" spur::codegen
      COMMENT "spur: ${rel}"
      VERBATIM)
    list(APPEND units "${out}")
  endforeach()

  if(SPUR_DEV)
    _spur_add_dev_app(${target} "${root}" "${gen}" "${sources}" "${units}")
    return()
  endif()

  set(table "${gen}/routes.cpp")
  add_custom_command(
    OUTPUT "${table}"
    COMMAND spur::codegen table "${table}" --public-dir "${root}/public" ${sources}
    DEPENDS spur::codegen
    COMMENT "spur: route table of ${target}"
    VERBATIM)

  # The app's code without main(): tests link it with spur::testing
  # (target_link_libraries(my_tests PRIVATE my_api_routes spur::testing)).
  add_library(${target}_routes OBJECT ${units} "${table}")
  target_include_directories(${target}_routes PUBLIC "${root}")
  target_link_libraries(${target}_routes PUBLIC spur::route_api)
  # What every route unit of either router includes, precompiled once per app:
  # parsing these headers is most of a route's compile time. (`spur dev`
  # precompiles each router's whole glue header; here one set serves both
  # routers and no App Router unit sees the Pages API.)
  target_precompile_headers(${target}_routes PRIVATE
    <spur/app/route_module.hpp> <spur/detail/glue.hpp> <boost/json/value.hpp> <string> <vector>)

  # The program's one line: its logic is Spur's (spur::detail::run_app).
  set(main_unit "${gen}/main.cpp")
  file(CONFIGURE OUTPUT "${main_unit}" CONTENT
       "#include <spur/app_main/run_app.hpp>\nint main(int argc, char** argv) { return spur::detail::run_app(argc, argv); }\n")
  add_executable(${target} "${main_unit}")
  target_link_libraries(${target} PRIVATE ${target}_routes spur::app_main)
  # Tells `spur start` and `spur routes` which binary this build makes.
  file(GENERATE OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/spur-app-binary.txt" CONTENT "$<TARGET_FILE:${target}>\n")
endfunction()

# The development build (`spur dev` configures with -DSPUR_DEV=ON): every route
# file's unit is its own shared object (MODULE library) exporting
# spur_dev_route_module(); the shared code (lib/, non-route files) and Spur's
# libraries live in the host executable <target>, built with exported symbols
# so that the route objects resolve them there (one copy of shared state).
# spur-dev-manifest.txt lists the public folder and each route file with its
# shared object; the host (spur::dev_host) reads it at start and on reload.
function(_spur_add_dev_app target root gen sources units)
  set(manifest "public\t${root}/public\n")
  set(shared_units)
  set(modules)

  # What each file is (a route of either router, or code for the host) is
  # decided by the code generator alone: ask it.
  get_target_property(codegen spur::codegen LOCATION)
  if(NOT codegen OR NOT EXISTS "${codegen}")
    message(FATAL_ERROR "spur_add_app: the development build needs a built spur-codegen "
                        "(configure the app with `spur dev`, against a built or installed Spur)")
  endif()
  execute_process(COMMAND "${codegen}" classify ${sources}
                  OUTPUT_VARIABLE roles RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "spur-codegen classify failed: ${err}")
  endif()
  # One line per source, in the order given: "<role>\t<file>".
  string(REGEX REPLACE "\t[^\n]*" "" roles "${roles}")
  string(STRIP "${roles}" roles)
  string(REPLACE "\n" ";" roles "${roles}")

  # The route-facing headers, precompiled once per router and reused by every
  # route object of that router: parsing them is most of a route's compile
  # time. Two, so that an App Router route never sees the Pages Router API.
  foreach(kind app pages)
    set(pch_unit "${gen}/dev_pch_${kind}.cpp")
    if(NOT EXISTS "${pch_unit}")
      file(WRITE "${pch_unit}" "// Carries the precompiled ${kind} route headers of `spur dev`.\n")
    endif()
    add_library(${target}_dev_pch_${kind} OBJECT "${pch_unit}")
    _spur_dev_route_settings(${target}_dev_pch_${kind} "${root}")
  endforeach()
  target_precompile_headers(${target}_dev_pch_app PRIVATE <spur/detail/route_glue.hpp> <string> <vector>)
  target_precompile_headers(${target}_dev_pch_pages PRIVATE <spur/detail/pages_glue.hpp> <string> <vector>)
  foreach(rel out role IN ZIP_LISTS sources units roles)
    if(role STREQUAL "app_route" OR role STREQUAL "pages_route")
      string(MAKE_C_IDENTIFIER "${rel}" id)
      string(SHA1 hash "${rel}")
      string(SUBSTRING "${hash}" 0 8 hash)
      set(mod "${target}_dev_${id}_${hash}")
      add_library(${mod} MODULE "${out}")
      set_target_properties(${mod} PROPERTIES
        LIBRARY_OUTPUT_DIRECTORY "${gen}/dev" PREFIX "" OUTPUT_NAME "${id}_${hash}")
      _spur_dev_route_settings(${mod} "${root}")
      if(role STREQUAL "app_route")
        target_precompile_headers(${mod} REUSE_FROM ${target}_dev_pch_app)
      else()
        target_precompile_headers(${mod} REUSE_FROM ${target}_dev_pch_pages)
      endif()
      list(APPEND modules ${mod})
      string(APPEND manifest "route\t${rel}\t$<TARGET_FILE:${mod}>\n")
    else()
      list(APPEND shared_units "${out}")
    endif()
  endforeach()

  # The host's one line: its logic is Spur's (spur::detail::run_dev_host).
  set(host_unit "${gen}/dev_host.cpp")
  file(CONFIGURE OUTPUT "${host_unit}" CONTENT
       "#include <spur/dev_host/run_dev_host.hpp>\nint main(int argc, char** argv) { return spur::detail::run_dev_host(argc, argv); }\n")
  # The host's table: no routes (they are the objects), the app-level files.
  set(host_table "${gen}/dev_table.cpp")
  set(app_level)
  foreach(rel role IN ZIP_LISTS sources roles)
    if(role STREQUAL "middleware" OR role STREQUAL "app_config")
      list(APPEND app_level "${rel}")
    endif()
  endforeach()
  add_custom_command(
    OUTPUT "${host_table}"
    COMMAND spur::codegen table "${host_table}" ${app_level}
    DEPENDS spur::codegen
    COMMENT "spur: app-level table of ${target}"
    VERBATIM)
  add_executable(${target} "${host_unit}" "${host_table}" ${shared_units})
  target_include_directories(${target} PRIVATE "${root}")
  set_target_properties(${target} PROPERTIES ENABLE_EXPORTS ON)
  # Every symbol of Spur's libraries, used by the host or not, for the routes.
  target_link_libraries(${target} PRIVATE
    "-Wl,--whole-archive"
    $<TARGET_FILE:spur::text> $<TARGET_FILE:spur::regex> $<TARGET_FILE:spur::http>
    $<TARGET_FILE:spur::router> $<TARGET_FILE:spur::core> $<TARGET_FILE:spur::builtins>
    $<TARGET_FILE:spur::static> $<TARGET_FILE:spur::uploads> $<TARGET_FILE:spur::realtime>
    $<TARGET_FILE:spur::pages> $<TARGET_FILE:spur::db> $<TARGET_FILE:spur::webhooks>
    $<TARGET_FILE:spur::fetch> $<TARGET_FILE:spur::app> $<TARGET_FILE:spur::server>
    "-Wl,--no-whole-archive" spur::dev_host spur::db spur::webhooks spur::fetch)
  if(modules)
    add_dependencies(${target} ${modules})
  endif()
  file(GENERATE OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/spur-dev-manifest.txt" CONTENT "${manifest}")
  file(GENERATE OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/spur-app-binary.txt" CONTENT "$<TARGET_FILE:${target}>\n")
endfunction()

# What a route object and the precompiled header it reuses must share, so
# that GCC accepts the header: standard, PIC, include folders, no per-target
# export macro. Headers only: the symbols come from the host at dlopen() time.
function(_spur_dev_route_settings target root)
  set_target_properties(${target} PROPERTIES
    CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON POSITION_INDEPENDENT_CODE ON DEFINE_SYMBOL "")
  target_include_directories(${target} PRIVATE "${root}"
    $<TARGET_PROPERTY:spur::http,INTERFACE_INCLUDE_DIRECTORIES>
    $<TARGET_PROPERTY:Boost::headers,INTERFACE_INCLUDE_DIRECTORIES>)
endfunction()
