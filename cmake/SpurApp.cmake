# spur_add_app(<target> [DIR <app-root>])
#
# Builds the app in <app-root> (default: the current source folder) into one
# server executable <target>: every .cpp under app/, pages/ and lib/ gets a
# generated unit (route files wrapped in their own namespace, other files
# compiled as shared code), plus the route table, linked with Spur's main().
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
  list(SORT sources)

  set(gen "${CMAKE_CURRENT_BINARY_DIR}/${target}.spur")
  set(units)
  foreach(rel IN LISTS sources)
    string(MAKE_C_IDENTIFIER "${rel}" id)
    string(SHA1 hash "${rel}")
    string(SUBSTRING "${hash}" 0 8 hash)
    set(out "${gen}/${id}_${hash}.cpp")
    add_custom_command(
      OUTPUT "${out}"
      COMMAND spur::codegen unit "${root}" "${rel}" "${out}"
      DEPENDS "${root}/${rel}" spur::codegen
      COMMENT "spur: ${rel}"
      VERBATIM)
    list(APPEND units "${out}")
  endforeach()

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
  target_link_libraries(${target}_routes PUBLIC spur::modules)

  add_executable(${target})
  target_link_libraries(${target} PRIVATE ${target}_routes spur::app_main)
  set_property(TARGET ${target} PROPERTY SPUR_APP_ROOT "${root}")
  # Tells `spur start` and `spur routes` which binary this build makes.
  file(GENERATE OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/spur-app-binary.txt" CONTENT "$<TARGET_FILE:${target}>\n")
endfunction()
