# Corpus replay of every fuzz target in ordinary builds.
include(${PROJECT_SOURCE_DIR}/fuzz/targets.cmake)
sp_fuzz_seeds()
foreach(t ${SP_FUZZ_TARGETS})
  sp_fuzz_corpus_dir(${t} seeds)
  add_executable(fuzz_replay_${t} ${PROJECT_SOURCE_DIR}/fuzz/${t}/fuzz.cpp
                 ${PROJECT_SOURCE_DIR}/tests/support/fuzz_replay_main.cpp)
  target_include_directories(fuzz_replay_${t} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/fuzz)
  target_link_libraries(fuzz_replay_${t} PRIVATE ${SP_FUZZ_LIBS_${t}})
  add_test(NAME fuzz_replay_${t} COMMAND fuzz_replay_${t} ${seeds})
  set_tests_properties(fuzz_replay_${t} PROPERTIES LABELS "fuzz-replay")
endforeach()
