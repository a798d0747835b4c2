# `keys verify-deposit` on tampered copies of a two-entry mainnet deposit file: each must fail naming
# the entry and field (run with -DSP_BIN=... -DFILE=<deposit_data-*.json> -DWORK=<temp dir>).
function(expect_fail name expect_err chain)
  execute_process(COMMAND ${SP_BIN} keys verify-deposit ${WORK}/${name}.json --chain ${chain}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "${expect_err}")
    message(FATAL_ERROR "${name}: expected failure '${expect_err}' (rc ${rc})\n${out}${err}")
  endif()
  set(last_out "${out}" PARENT_SCOPE)
endfunction()
function(write_case name text)
  file(WRITE ${WORK}/${name}.json "${text}")
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(READ ${FILE} orig)
write_case(orig "${orig}")
execute_process(COMMAND ${SP_BIN} keys verify-deposit ${WORK}/orig.json --chain mainnet
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "verify-deposit mainnet: 2 passed, 0 failed\n$")
  message(FATAL_ERROR "untampered copy: rc ${rc}\n${out}${err}")
endif()

# One hex digit of entry 1's signature flipped (the second "signature" value, 100 digits in).
set(key "\"signature\": \"")
string(FIND "${orig}" "${key}" sig1 REVERSE)
string(LENGTH "${key}" klen)
math(EXPR pos "${sig1} + ${klen} + 100")
string(SUBSTRING "${orig}" ${pos} 1 digit)
if(digit STREQUAL "0")
  set(flipped "1")
else()
  set(flipped "0")
endif()
string(SUBSTRING "${orig}" 0 ${pos} head)
math(EXPR rest "${pos} + 1")
string(SUBSTRING "${orig}" ${rest} -1 tail)
write_case(flip_sig "${head}${flipped}${tail}")
expect_fail(flip_sig "entry 1 field signature" mainnet)
if(NOT last_out MATCHES "entry 0: ok pubkey [0-9a-f]+\nentry 1 field signature: [^\n]*\n"
   OR NOT last_out MATCHES "verify-deposit mainnet: 1 passed, 1 failed\n$")
  message(FATAL_ERROR "flip_sig output:\n${last_out}")
endif()

# Entries' signatures swapped: valid G2 points that do not verify.
string(REGEX MATCHALL "\"signature\": \"[0-9a-f]+\"" sigs "${orig}")
list(GET sigs 0 s0)
list(GET sigs 1 s1)
string(REPLACE "${s0}" "@S0@" swapped "${orig}")
string(REPLACE "${s1}" "${s0}" swapped "${swapped}")
string(REPLACE "@S0@" "${s1}" swapped "${swapped}")
write_case(swap_sig "${swapped}")
expect_fail(swap_sig "entry 0 field signature: does not verify" mainnet)

# Amount changed: the message root no longer matches.
string(REPLACE "\"amount\": 32000000000" "\"amount\": 31000000000" amount "${orig}")
write_case(amount "${amount}")
expect_fail(amount "entry 0 field deposit_message_root" mainnet)

string(REPLACE "\"pubkey\": \"" "\"pubkey\": \"0x" prefixed "${orig}")
write_case(prefixed "${prefixed}")
expect_fail(prefixed "entry 0 field pubkey: must be hex without a 0x prefix" mainnet)
string(REPLACE "\"deposit_cli_version\"" "\"extra\": 1, \"deposit_cli_version\"" extra "${orig}")
write_case(extra "${extra}")
expect_fail(extra "entry 0 field extra: unknown field" mainnet)
write_case(not_array "{}")
expect_fail(not_array "must be a non-empty JSON array" mainnet)

# The right file for another chain, and an unknown chain.
expect_fail(orig "entry 0 field fork_version" hoodi)
expect_fail(orig "--chain: unknown network 'nochain'" nochain)
