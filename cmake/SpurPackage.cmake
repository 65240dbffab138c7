# The CMake package: find_package(spur CONFIG) gives spur_add_app(), the
# libraries and spur::codegen, from an install (cmake --install) or straight
# from a build tree (<build>/package, which the `spur` command uses).
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(spur_export_targets ${SPUR_LAYER_TARGETS} spur_route_api spur-codegen)
install(TARGETS ${spur_export_targets} spur EXPORT spurTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/spur DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT spurTargets NAMESPACE spur:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/spur)

set(spur_config_in "${CMAKE_CURRENT_LIST_DIR}/spurConfig.cmake.in")
configure_package_config_file(${spur_config_in} ${PROJECT_BINARY_DIR}/install/spurConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/spur)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/spurConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/install/spurConfig.cmake
              ${PROJECT_BINARY_DIR}/package/spurConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/SpurApp.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/spur)

# The build-tree package: the same config, pointing at this build.
export(EXPORT spurTargets NAMESPACE spur:: FILE ${PROJECT_BINARY_DIR}/package/spurTargets.cmake)
file(COPY ${CMAKE_CURRENT_LIST_DIR}/SpurApp.cmake DESTINATION ${PROJECT_BINARY_DIR}/package)
configure_package_config_file(${spur_config_in} ${PROJECT_BINARY_DIR}/package/spurConfig.cmake
                              INSTALL_DESTINATION ${PROJECT_BINARY_DIR}/package)
