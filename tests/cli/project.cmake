# Project-wide checks.
add_test(NAME check_layering COMMAND ${PROJECT_SOURCE_DIR}/tools/check_layering.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(check_layering PROPERTIES LABELS "lint")
add_test(NAME cli_help COMMAND ${SP_BIN} --help)
set_tests_properties(cli_help PROPERTIES LABELS "cli")
add_test(NAME cli_unknown_command_fails COMMAND ${SP_BIN} no-such-command)
set_tests_properties(cli_unknown_command_fails PROPERTIES LABELS "cli" WILL_FAIL TRUE)
