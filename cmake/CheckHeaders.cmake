# check_headers (STYLE.md L12): every public header compiles on its own. One generated translation
# unit per include/stakepool/<module>/*.hpp that includes just that header, built as an object
# library linked against the header's module (for its include paths and dependencies).
function(sp_check_headers)
  set(out_dir ${CMAKE_BINARY_DIR}/check_headers)
  set(srcs)
  file(GLOB_RECURSE headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}/include
       ${PROJECT_SOURCE_DIR}/include/stakepool/*.hpp)
  # *_impl.hpp hold the inline definitions of the header that includes them at its end (field.hpp,
  # tower.hpp); they are checked through that header.
  list(FILTER headers EXCLUDE REGEX "_impl\\.hpp$")
  foreach(h ${headers})
    string(MAKE_C_IDENTIFIER ${h} id)
    set(src ${out_dir}/${id}.cpp)
    file(CONFIGURE OUTPUT ${src} CONTENT "#include \"${h}\"  // must compile alone\n")
    list(APPEND srcs ${src})
  endforeach()
  add_library(check_headers OBJECT ${srcs})
  # Every module library, so each header finds its dependencies' include paths and definitions.
  target_link_libraries(check_headers PRIVATE stakepool_util stakepool_crypto stakepool_threshold
                        stakepool_eth stakepool_consensus stakepool_duty stakepool_sim)
  target_include_directories(check_headers PRIVATE ${PROJECT_SOURCE_DIR}/include)
endfunction()
