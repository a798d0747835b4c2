# RFC 9380 hash-to-curve vectors through `stakepool vectors h2c`: every suite line and the exact total
# (4 suites x 5 vectors + 2 x 10 expand_message_xmd cases), so a runner that finds nothing fails.
sp_cli_test(vectors_h2c
  "BLS12381G1_XMD:SHA-256_SSWU_NU_: 5/5 passed\nBLS12381G1_XMD:SHA-256_SSWU_RO_: 5/5 passed\nBLS12381G2_XMD:SHA-256_SSWU_NU_: 5/5 passed\nBLS12381G2_XMD:SHA-256_SSWU_RO_: 5/5 passed\nexpand_message_xmd_SHA256_256: 10/10 passed\nexpand_message_xmd_SHA256_38: 10/10 passed\n40 passed, 0 failed"
  ${SP_BIN} vectors h2c ${V}/hash-to-curve)
# A folder without the hash-to-curve files must fail (missing suites), not pass with 0 cases.
add_test(NAME vectors_h2c_wrong_dir_fails COMMAND ${SP_BIN} vectors h2c ${V}/consensus-specs)
set_tests_properties(vectors_h2c_wrong_dir_fails PROPERTIES LABELS "cli" WILL_FAIL TRUE)
