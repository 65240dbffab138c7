# Use ccache when it is installed: rebuilds after a branch switch or a clean
# build directory then cost seconds, not minutes.
find_program(SPUR_CCACHE ccache)
if(SPUR_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${SPUR_CCACHE})
endif()
