# sp_module(NAME [NOEXCEPT] DEPS ...) — one library per module, sources globbed from src/<name>/.
function(sp_module name)
  cmake_parse_arguments(M "NOEXCEPT" "" "PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.c)
  if(NOT srcs)
    # A module with no sources yet is a header-only interface target.
    add_library(stakepool_${name} INTERFACE)
    target_include_directories(stakepool_${name} INTERFACE ${PROJECT_SOURCE_DIR}/include)
    target_link_libraries(stakepool_${name} INTERFACE ${M_PUBLIC_DEPS})
    return()
  endif()
  add_library(stakepool_${name} STATIC ${srcs})
  target_include_directories(stakepool_${name}
    PUBLIC ${PROJECT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(stakepool_${name} PUBLIC ${M_PUBLIC_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  if(M_NOEXCEPT)
    target_compile_options(stakepool_${name} PRIVATE -fno-exceptions)
  endif()
endfunction()

# sp_test(NAME DEPS ...) — one gtest binary per tests/<name>/ folder.
function(sp_test name)
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp)
  if(NOT srcs)
    return()
  endif()
  add_executable(test_${name} ${srcs})
  target_include_directories(test_${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(test_${name} PRIVATE ${ARGN} GTest::gtest GTest::gtest_main rapidcheck)
  target_compile_definitions(test_${name} PRIVATE SP_VECTORS_DIR="${SP_VECTORS_DIR}")
  gtest_discover_tests(test_${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit)
  # gtest_discover_tests flattens a list-valued LABELS into separate properties, so the module label
  # is added by a script ctest includes after the discovered tests (`ctest -L <module>` selects them).
  string(CONFIGURE [=[
foreach(_t IN LISTS test_@name@_TESTS)
  set_tests_properties("${_t}" PROPERTIES LABELS "unit;@name@")
endforeach()
]=] label_script @ONLY)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/test_${name}_labels.cmake "${label_script}")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES
               ${CMAKE_CURRENT_BINARY_DIR}/test_${name}_labels.cmake)
endfunction()
