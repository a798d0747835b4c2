# Helpers of the CLI test scripts run with `cmake -P` (included by tests/cli/scripts/keys_*.cmake).
# run_ok(OUT_VAR COMMAND...): the command must succeed; its stdout goes to OUT_VAR.
function(run_ok out_var)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()
# run_fail(EXPECT_ERR COMMAND...): the command must fail with stderr matching EXPECT_ERR.
function(run_fail expect_err)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "${expect_err}")
    message(FATAL_ERROR "expected failure '${expect_err}': ${ARGN}\n${out}${err}")
  endif()
endfunction()
