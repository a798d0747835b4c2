# `stakepool simulate` (issue 6): spec errors name the problem; a small run end to end writes the
# report files and passes its safety checks; the same seed gives a byte-identical report.json.
add_test(NAME simulate_too_many_faulty
  COMMAND ${SP_BIN} simulate --faults crash:3,byzantine:2:withhold)
set_tests_properties(simulate_too_many_faulty PROPERTIES LABELS "cli"
  PASS_REGULAR_EXPRESSION "3 crash \\+ 2 byzantine = 5 faulty operators per committee, but committees have only 4 members")
add_test(NAME simulate_byzantine_needs_behaviour COMMAND ${SP_BIN} simulate --faults byzantine:1)
set_tests_properties(simulate_byzantine_needs_behaviour PROPERTIES LABELS "cli"
  PASS_REGULAR_EXPRESSION "byzantine needs a behaviour")
add_test(NAME simulate_unknown_kind COMMAND ${SP_BIN} simulate --faults meteor:1)
set_tests_properties(simulate_unknown_kind PROPERTIES LABELS "cli"
  PASS_REGULAR_EXPRESSION "unknown kind 'meteor'")
add_test(NAME simulate_scenarios COMMAND ${SP_BIN} simulate --list-scenarios)
set_tests_properties(simulate_scenarios PROPERTIES LABELS "cli"
  PASS_REGULAR_EXPRESSION "crash-f-plus-1.*partition-heal")
add_test(NAME simulate_determinism
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/simulate_determinism.sh ${SP_BIN}
          ${CMAKE_CURRENT_BINARY_DIR}/simulate_determinism)
set_tests_properties(simulate_determinism PROPERTIES LABELS "cli;release-only" TIMEOUT 900
  PASS_REGULAR_EXPRESSION "simulate determinism: 3/3 passed")
