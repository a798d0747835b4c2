# Slashing protection (eth::SlashingDb): the EIP-3076 interchange suite under both semantics, and
# `stakepool slashing import/export` end to end.
sp_cli_test(vectors_interchange
  "interchange minimal: 38/38 passed\ninterchange complete: 38/38 passed\n76 passed, 0 failed"
  ${SP_BIN} vectors interchange ${V}/slashing-protection-interchange-tests/tests/generated)
add_test(NAME slashing_import_export
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/slashing_import_export.sh ${SP_BIN})
set_tests_properties(slashing_import_export PROPERTIES LABELS "cli"
  PASS_REGULAR_EXPRESSION "slashing import/export: 23/23 passed")
