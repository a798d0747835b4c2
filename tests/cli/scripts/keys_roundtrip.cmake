# Keystore and key-generation commands end to end (run with -DSP_BIN=... -DV=... -DWORK=...).
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
# The EIP-2335 test secret; its public key is the vectors' pubkey 9612d7a7...
set(sk 000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f)
file(WRITE ${WORK}/sk.txt "0x${sk}\n")
file(WRITE ${WORK}/pw.txt "correct horse\n")
file(WRITE ${WORK}/bad.txt "wrong horse\n")

run_ok(out ${SP_BIN} keystore encrypt --secret-key-file ${WORK}/sk.txt --password-file ${WORK}/pw.txt
       --kdf pbkdf2 --path m/12381/3600/0/0/0 --out ${WORK}/ks.json)
run_ok(out ${SP_BIN} keystore decrypt ${WORK}/ks.json --password-file ${WORK}/pw.txt)
if(NOT out MATCHES "pubkey 9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27f4ae4040902382ae2910c15e2b420d07\nok\n")
  message(FATAL_ERROR "decrypt output: ${out}")
endif()
if(out MATCHES "${sk}")
  message(FATAL_ERROR "decrypt printed the secret without --reveal")
endif()
run_ok(out ${SP_BIN} keystore decrypt ${WORK}/ks.json --password-file ${WORK}/pw.txt --reveal)
if(NOT out STREQUAL "${sk}\n")
  message(FATAL_ERROR "--reveal output: ${out}")
endif()
run_fail("wrong password" ${SP_BIN} keystore decrypt ${WORK}/ks.json --password-file ${WORK}/bad.txt)
run_fail("already exists" ${SP_BIN} keystore encrypt --secret-key-file ${WORK}/sk.txt
         --password-file ${WORK}/pw.txt --out ${WORK}/ks.json)
file(WRITE ${WORK}/zero.txt "0000000000000000000000000000000000000000000000000000000000000000")
run_fail("0 < sk < r" ${SP_BIN} keystore encrypt --secret-key-file ${WORK}/zero.txt
         --password-file ${WORK}/pw.txt --out ${WORK}/zero.json)

# keys generate: the deposits vectors' mnemonic, 0x02 credentials, as ethstaker-deposit-cli 1.3 did.
file(WRITE ${WORK}/mnemonic.txt "test test test test test test test test test test test waste\n")
run_ok(out ${SP_BIN} keys generate --mnemonic-file ${WORK}/mnemonic.txt --count 2 --chain mainnet
       --withdrawal-address 0x0f51bb10119727a7e5ea3538074fb341f56b09ad --compounding
       --password-file ${WORK}/pw.txt --kdf pbkdf2 --out ${WORK}/gen)
file(GLOB deposit ${WORK}/gen/deposit_data-*.json)
file(READ ${deposit} got)
file(READ "${V}/deposits/ethstaker-deposit-cli-1.3/validator_manager/test_vectors/vectors/mainnet_first_0_count_2_prefix_0x02_eth1_true/validator_keys/deposit_data-1785211397.json" want)
string(REPLACE "\"deposit_cli_version\": \"1.3.0\"" "\"deposit_cli_version\": \"2.7.0\"" want "${want}")
if(NOT got STREQUAL want)
  message(FATAL_ERROR "deposit data differs:\n${got}\n${want}")
endif()
file(GLOB ks0 ${WORK}/gen/keystore-m_12381_3600_0_0_0-*.json)
run_ok(out ${SP_BIN} keystore decrypt ${ks0} --password-file ${WORK}/pw.txt)
if(NOT out MATCHES "pubkey 88b6b3a9b391fa5593e8bce8d06102df1a56248368086929709fbb4a8570dc6a560febeef8159b19789e9c1fd13572f0")
  message(FATAL_ERROR "generated keystore 0: ${out}")
endif()
message(STATUS "keys roundtrip: all checks passed")
