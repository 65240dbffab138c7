# Warnings for Spur's own targets (not for users' code or dependencies).
function(spur_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wimplicit-fallthrough
                                           -Wno-missing-field-initializers)
endfunction()
