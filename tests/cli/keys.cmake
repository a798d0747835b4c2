# Key handling: EIP-2333/2335 and BIP-39 vectors read in place, and the key commands.
sp_cli_test(vectors_keys
  "eip2333 tree_kdf: 4/4 passed\n.*eip2335 keystore: 4/4 passed\n.*bip39 english: 24/24 passed\n.*\n183 passed, 0 failed"
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
