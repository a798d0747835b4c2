# BLS signature vectors and `stakepool bls` commands (pairing helper).
set(BLS_JSON ${V}/bls12-381-tests/via-constantine/tests/protocol_blssig_pop_on_bls12381_g2_test_vectors_v0.1.1)
set(BLS_JSON_SOROBAN ${V}/bls12-381-tests/via-rs-soroban-env/soroban-env-host/tests/data/ethereum-bls)
set(BLS_YAML_PHASE0 ${V}/ssz/phase0-v1.0/tests/general/phase0/bls)
set(BLS_YAML_ALTAIR ${V}/ssz/newer-forks/tests/general/altair/bls)

# ethereum/bls12-381-tests v0.1.1 JSON: 96 cases (+1 v0.1.2 batch_verify case below = 97 JSON).
sp_cli_test(bls_vectors_json
  "aggregate: 6/6 passed\naggregate_verify: 5/5 passed\nbatch_verify: 2/2 passed\ndeserialization_G1: 13/13 passed\ndeserialization_G2: 15/15 passed\nfast_aggregate_verify: 12/12 passed\nhash_to_G2: 4/4 passed\nsign: 10/10 passed\nverify: 29/29 passed\n96 passed, 0 failed"
  ${SP_BIN} vectors bls ${BLS_JSON})
sp_cli_test(bls_vectors_json_soroban "batch_verify: 1/1 passed\n1 passed, 0 failed"
  ${SP_BIN} vectors bls ${BLS_JSON_SOROBAN})
# consensus-spec-tests YAML: phase0 v1.0.0 general/bls (60) and altair eth_* handlers (20).
sp_cli_test(bls_vectors_yaml_phase0
  "aggregate: 5/5 passed\naggregate_verify: 5/5 passed\nfast_aggregate_verify: 12/12 passed\nsign: 10/10 passed\nverify: 28/28 passed\n60 passed, 0 failed"
  ${SP_BIN} vectors bls ${BLS_YAML_PHASE0})
sp_cli_test(bls_vectors_yaml_altair
  "eth_aggregate_pubkeys: 8/8 passed\neth_fast_aggregate_verify: 12/12 passed\n20 passed, 0 failed"
  ${SP_BIN} vectors bls ${BLS_YAML_ALTAIR})
# A folder that is not a BLS vector layout must fail (unknown handler folders), never pass empty.
sp_cli_test(bls_vectors_unknown_layout_fails "" ${SP_BIN} vectors bls ${V}/ssz/phase0-v1.0/tests/general/phase0)
set_tests_properties(bls_vectors_unknown_layout_fails PROPERTIES WILL_FAIL TRUE)

# Commands, on the Ethereum known-answer vector (sk 263dbd79…, 32 zero bytes, sig b6ed9367…).
set(BLS_KAT_SK 263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3)
set(BLS_KAT_PK 0xa491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20fd6e10c1b77654d067c0618f6e5a7f79a)
set(BLS_KAT_MSG 0x0000000000000000000000000000000000000000000000000000000000000000)
set(BLS_KAT_SIG 0xb6ed936746e01f8ecf281f020953fbf1f01debd5657c4a383940b020b26507f6076334f91e2366c96e9ab279fb5158090352ea1c5b0c9274504f4f0e7053af24802e51e4568d164fe986834f41e55c8e850ce1f98458c0cfc9ab380b55285a55)
sp_cli_test(bls_cli_sign_stdin "^${BLS_KAT_SIG}\n$"
  sh -c "echo ${BLS_KAT_SK} | $0 bls sign --message ${BLS_KAT_MSG}" ${SP_BIN})
sp_cli_test(bls_cli_pubkey_stdin "^${BLS_KAT_PK}\n$"
  sh -c "echo 0x${BLS_KAT_SK} | $0 bls pubkey" ${SP_BIN})
sp_cli_test(bls_cli_verify_valid "^valid\n$"
  ${SP_BIN} bls verify --pubkey ${BLS_KAT_PK} --message ${BLS_KAT_MSG} --signature ${BLS_KAT_SIG})
sp_cli_test(bls_cli_verify_invalid_exits_1 ""
  ${SP_BIN} bls verify --pubkey ${BLS_KAT_PK} --message 0x01 --signature ${BLS_KAT_SIG})
set_tests_properties(bls_cli_verify_invalid_exits_1 PROPERTIES WILL_FAIL TRUE)
sp_cli_test(bls_cli_keygen_pop
  "^valid\n$"
  sh -c "d=$(mktemp -d) && trap 'rm -rf $d' EXIT && head -c 32 /dev/zero > $d/ikm && $0 bls keygen --ikm-file $d/ikm --out $d/sk >$d/pk && $0 bls pop-prove --secret-key-file $d/sk > $d/pop && $0 bls pop-verify --pubkey $(cat $d/pk) --proof $(cat $d/pop)" ${SP_BIN})
sp_cli_test(bls_cli_aggregate_single "^${BLS_KAT_SIG}\n$"
  ${SP_BIN} bls aggregate --signature ${BLS_KAT_SIG})
sp_cli_test(bls_cli_fast_aggregate_verify "^valid\n$"
  ${SP_BIN} bls fast-aggregate-verify --pubkey ${BLS_KAT_PK} --message ${BLS_KAT_MSG} --signature ${BLS_KAT_SIG})
sp_cli_test(bls_cli_aggregate_verify "^valid\n$"
  ${SP_BIN} bls aggregate-verify --pubkey ${BLS_KAT_PK} --message ${BLS_KAT_MSG} --signature ${BLS_KAT_SIG})
foreach(sub keygen pubkey sign verify aggregate fast-aggregate-verify aggregate-verify pop-prove pop-verify)
  sp_cli_test(bls_cli_help_${sub} "Usage" ${SP_BIN} bls ${sub} --help)
endforeach()
