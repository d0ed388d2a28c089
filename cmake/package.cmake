# The installable package: libkiln (shared, with a versioned SONAME, and
# static) built from the layer libraries' objects, its headers, the kiln
# tool, a pkg-config module (kiln.pc) and a CMake package (find_package(Kiln),
# target Kiln::kiln). `cmake --install` or `make install PREFIX=...`.
# Kiln's own tools and tests keep linking the layer libraries.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(KILN_PACKAGE_LAYERS kiln_types kiln_binary kiln_validate kiln_vm kiln_compiler kiln_text
    kiln_runtime kiln_wasi kiln_capi)
set(kiln_objects "")
foreach(layer ${KILN_PACKAGE_LAYERS})
  list(APPEND kiln_objects $<TARGET_OBJECTS:${layer}>)
endforeach()

# Flags a program must be built with to use this libkiln: a sanitized
# library needs a sanitized program (its runtime must come first).
set(KILN_PACKAGE_FLAGS "")
if(KILN_SANITIZE)
  set(KILN_PACKAGE_FLAGS -fsanitize=address,undefined)
endif()

# The target `kiln` is the tool; both libraries are named kiln on disk.
add_library(kiln_shared SHARED ${kiln_objects} ${PROJECT_SOURCE_DIR}/src/compiler/asmjit_stderr.cpp)
add_library(kiln_static STATIC ${kiln_objects})
set_target_properties(kiln_shared kiln_static PROPERTIES
  OUTPUT_NAME kiln
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib
  ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)
set_target_properties(kiln_shared PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION 0)
foreach(target kiln_shared kiln_static)
  target_include_directories(${target} INTERFACE
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_options(${target} INTERFACE ${KILN_PACKAGE_FLAGS})
  target_link_options(${target} INTERFACE ${KILN_PACKAGE_FLAGS})
endforeach()

# The static dependencies (asmjit, LLVM's demangler) go inside libkiln.so and
# stay hidden there (--exclude-libs); libkiln.map keeps anything else that is
# not Kiln's API local. --no-undefined catches a missing dependency, except
# under the sanitizers, whose runtime the program brings.
find_package(Threads REQUIRED)
target_link_libraries(kiln_shared PRIVATE asmjit ${KILN_LLVM_DEMANGLE} ${KILN_LZ4_LIBRARY} Threads::Threads)
target_link_options(kiln_shared PRIVATE -Wl,--exclude-libs,ALL
                    -Wl,--version-script,${CMAKE_CURRENT_LIST_DIR}/libkiln.map
                    $<$<NOT:$<BOOL:${KILN_SANITIZE}>>:-Wl,--no-undefined>)
set_property(TARGET kiln_shared APPEND PROPERTY LINK_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/libkiln.map)
# libkiln.a's users link them themselves.
find_library(KILN_ASMJIT_LIBRARY asmjit REQUIRED)
target_link_libraries(kiln_static INTERFACE ${KILN_ASMJIT_LIBRARY} ${KILN_LLVM_DEMANGLE}
                      ${KILN_LZ4_LIBRARY} Threads::Threads)

install(TARGETS kiln_shared kiln_static EXPORT KilnTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS kiln RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

# find_package(Kiln): Kiln::kiln (shared) and Kiln::kiln_static.
set_target_properties(kiln_shared PROPERTIES EXPORT_NAME kiln)
set_target_properties(kiln_static PROPERTIES EXPORT_NAME kiln_static)
set(KILN_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Kiln)
install(EXPORT KilnTargets NAMESPACE Kiln:: DESTINATION ${KILN_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/KilnConfig.cmake.in
  ${CMAKE_BINARY_DIR}/package/KilnConfig.cmake INSTALL_DESTINATION ${KILN_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/package/KilnConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/package/KilnConfig.cmake
  ${CMAKE_BINARY_DIR}/package/KilnConfigVersion.cmake DESTINATION ${KILN_CMAKE_DIR})

# pkg-config: `pkg-config --cflags --libs kiln` (add --static for libkiln.a).
# The prefix is found from the file's own place, so `cmake --install
# --prefix` anywhere gives a working module.
list(JOIN KILN_PACKAGE_FLAGS " " KILN_PC_FLAGS)
file(RELATIVE_PATH KILN_PC_PREFIX /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
configure_file(${CMAKE_CURRENT_LIST_DIR}/kiln.pc.in ${CMAKE_BINARY_DIR}/package/kiln.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/package/kiln.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
