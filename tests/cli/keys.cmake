# Key handling: EIP-2333/2335 and BIP-39 vectors read in place, and the key commands.
sp_cli_test(vectors_keys
  "eip2333 tree_kdf: 4/4 passed\n.*eip2335 keystore: 4/4 passed\n.*bip39 chinese_simplified: 24/24 passed\nbip39 abbreviated: 168/168 passed\nbip39 chinese_traditional: 24/24 passed\nbip39 english: 24/24 passed\nbip39 italian: 24/24 passed\nbip39 korean: 24/24 passed\nbip39 portuguese: 24/24 passed\nbip39 spanish: 24/24 passed\nbip39 multi_lang: 4/4 passed\nbip39 wordlist: 1/1 passed\n355 passed, 0 failed"
  ${SP_BIN} vectors keys ${V}/keys)
sp_cli_test(keys_new_mnemonic "^[a-z]+( [a-z]+)+\n$" ${SP_BIN} keys new-mnemonic)
add_test(NAME keys_new_mnemonic_bad_word_count COMMAND ${SP_BIN} keys new-mnemonic --words 13)
set_tests_properties(keys_new_mnemonic_bad_word_count PROPERTIES LABELS "cli" WILL_FAIL TRUE)
sp_cli_test(vectors_deposits
  "deposits ethstaker-deposit-cli-1.3: 9/9 passed\ndeposits staking-deposit-cli-2.7: 12/12 passed\n21 passed, 0 failed"
  ${SP_BIN} vectors deposits ${V}/deposits)
add_test(NAME keys_keystore_roundtrip
         COMMAND ${CMAKE_COMMAND} -DSP_BIN=${SP_BIN} -DV=${V} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/keys_roundtrip
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/scripts/keys_roundtrip.cmake)
set_tests_properties(keys_keystore_roundtrip PROPERTIES LABELS "cli")
# `keys verify-deposit` on every deposit vector file (chain and entry count from its folder name).
file(GLOB_RECURSE deposit_files ${V}/deposits/*/deposit_data-*.json)
list(LENGTH deposit_files deposit_file_count)
add_test(NAME keys_verify_deposit_file_count COMMAND ${CMAKE_COMMAND} -E echo "${deposit_file_count} files")
set_tests_properties(keys_verify_deposit_file_count PROPERTIES LABELS "cli" PASS_REGULAR_EXPRESSION "^21 files")
foreach(f ${deposit_files})
  get_filename_component(case_dir ${f} DIRECTORY)
  get_filename_component(case_dir ${case_dir} DIRECTORY)
  get_filename_component(case ${case_dir} NAME)
  file(RELATIVE_PATH rel ${V}/deposits ${f})
  string(REGEX MATCH "^[^/]+" tool "${rel}")
  string(REGEX MATCH "^([a-z]+)_first_[0-9]+_count_([0-9]+)" _ "${case}")
  sp_cli_test(keys_verify_deposit_${tool}_${case}
    "verify-deposit ${CMAKE_MATCH_1}: ${CMAKE_MATCH_2} passed, 0 failed\n$"
    ${SP_BIN} keys verify-deposit ${f} --chain ${CMAKE_MATCH_1})
endforeach()
add_test(NAME keys_verify_deposit_tampered
         COMMAND ${CMAKE_COMMAND} -DSP_BIN=${SP_BIN} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/keys_verify_deposit
                 -DFILE=${V}/deposits/staking-deposit-cli-2.7/validator_manager/test_vectors/vectors/mainnet_first_0_count_2_eth1_false/validator_keys/deposit_data-1715584092.json
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/scripts/keys_verify_deposit_tamper.cmake)
set_tests_properties(keys_verify_deposit_tampered PROPERTIES LABELS "cli")
add_test(NAME keys_mnemonic_languages
         COMMAND ${CMAKE_COMMAND} -DSP_BIN=${SP_BIN} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/keys_mnemonic
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/scripts/keys_mnemonic.cmake)
set_tests_properties(keys_mnemonic_languages PROPERTIES LABELS "cli")
add_test(NAME keys_bad_inputs
         COMMAND ${CMAKE_COMMAND} -DSP_BIN=${SP_BIN} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/keys_bad_inputs
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cli/scripts/keys_bad_inputs.cmake)
set_tests_properties(keys_bad_inputs PROPERTIES LABELS "cli")
