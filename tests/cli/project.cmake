# Project-wide checks.
add_test(NAME check_layering COMMAND ${PROJECT_SOURCE_DIR}/tools/check_layering.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(check_layering PROPERTIES LABELS "lint")
add_test(NAME cli_help COMMAND ${SP_BIN} --help)
set_tests_properties(cli_help PROPERTIES LABELS "cli")
add_test(NAME cli_unknown_command_fails COMMAND ${SP_BIN} no-such-command)
set_tests_properties(cli_unknown_command_fails PROPERTIES LABELS "cli" WILL_FAIL TRUE)
# The main job until `simulate` lands, and one tiny run of every benchmark (STYLE.md L13).
sp_cli_test(cli_demo "partial signatures combined: [^\n]*verifies under the group key: yes" ${SP_BIN} demo --seed 7)
# dkg_64_of_43_total_cpu and dkg_16_of_11_x125_total_cpu are long whole-ceremony ops (seconds per
# call); they run in the bench preset, not in CI.
add_test(NAME bench_smoke COMMAND ${SP_BIN} bench --iterations 1
                                  --filter "^(?!dkg_64|dkg_16_of_11_x125).*")
set_tests_properties(bench_smoke PROPERTIES LABELS "bench;release-only" TIMEOUT 900
                                          PASS_REGULAR_EXPRESSION "ran 1 iterations")
