# Key handling: EIP-2333/2335 and BIP-39 vectors read in place, and the key commands.
sp_cli_test(vectors_keys
  "eip2333 tree_kdf: 4/4 passed\n.*eip2335 keystore: 4/4 passed\n.*bip39 english: 24/24 passed\n.*\n183 passed, 0 failed"
  ${SP_BIN} vectors keys ${V}/keys)
sp_cli_test(keys_new_mnemonic "^[a-z]+( [a-z]+)+\n$" ${SP_BIN} keys new-mnemonic)
add_test(NAME keys_new_mnemonic_bad_word_count COMMAND ${SP_BIN} keys new-mnemonic --words 13)
set_tests_properties(keys_new_mnemonic_bad_word_count PROPERTIES LABELS "cli" WILL_FAIL TRUE)
