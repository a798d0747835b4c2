# Bad inputs to the keystore and key commands: each is refused with an error naming what is wrong,
# and existing output files stay byte-for-byte as they were (run with -DSP_BIN=... -DWORK=...).
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)
# expect_same fails unless FILE still has the content saved in variable VAR.
function(expect_same file var)
  file(READ ${file} now)
  if(NOT now STREQUAL "${${var}}")
    message(FATAL_ERROR "${file} changed")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/sk.txt "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f\n")
file(WRITE ${WORK}/pw.txt "correct horse\n")
file(WRITE ${WORK}/bad_pw.txt "wrong horse\n")
run_ok(unused ${SP_BIN} keystore encrypt --secret-key-file ${WORK}/sk.txt --password-file ${WORK}/pw.txt
       --kdf pbkdf2 --out ${WORK}/ks.json)
file(READ ${WORK}/ks.json ks)

# keystore decrypt: malformed JSON, wrong field lengths, unsupported parameters, wrong password.
function(decrypt_fails name expect_err json)
  file(WRITE ${WORK}/${name}.json "${json}")
  run_fail("${expect_err}" ${SP_BIN} keystore decrypt ${WORK}/${name}.json
           --password-file ${WORK}/pw.txt)
endfunction()
string(SUBSTRING "${ks}" 0 40 truncated)
decrypt_fails(truncated "keystore is not valid JSON" "${truncated}")
string(JSON iv GET "${ks}" crypto cipher params iv)
string(SUBSTRING "${iv}" 2 -1 iv15)
string(JSON t SET "${ks}" crypto cipher params iv "\"${iv15}\"")
decrypt_fails(iv_length "crypto.cipher.params.iv: must be 16 bytes" "${t}")
string(JSON msg GET "${ks}" crypto cipher message)
string(SUBSTRING "${msg}" 2 -1 msg31)
string(JSON t SET "${ks}" crypto cipher message "\"${msg31}\"")
decrypt_fails(cipher_length "crypto.cipher.message: must be 32 bytes \\(a BLS secret key\\), got 31"
              "${t}")
string(JSON sum GET "${ks}" crypto checksum message)
string(SUBSTRING "${sum}" 2 -1 sum31)
string(JSON t SET "${ks}" crypto checksum message "\"${sum31}\"")
decrypt_fails(checksum_length "crypto.checksum.message: must be 32 bytes" "${t}")
string(JSON pk GET "${ks}" pubkey)
string(SUBSTRING "${pk}" 2 -1 pk47)
string(JSON t SET "${ks}" pubkey "\"${pk47}\"")
decrypt_fails(pubkey_length "keystore pubkey: must be 48 bytes \\(a BLS12-381 public key\\), got 47"
              "${t}")
string(JSON t SET "${ks}" crypto kdf params dklen 16)
decrypt_fails(dklen "dklen must be in \\[32, 64\\]" "${t}")
string(JSON t SET "${ks}" crypto kdf function "\"argon2\"")
decrypt_fails(kdf "crypto.kdf.function: unsupported 'argon2'" "${t}")
string(JSON t SET "${ks}" version 3)
decrypt_fails(version "keystore version: unsupported 3 \\(expected 4\\)" "${t}")
run_fail("wrong password" ${SP_BIN} keystore decrypt ${WORK}/ks.json --password-file ${WORK}/bad_pw.txt)

# keystore encrypt: a bad secret key or an existing --out leaves the existing file as it was.
file(WRITE ${WORK}/short_sk.txt "1122\n")
run_fail("expected 64 hex digits \\(32 bytes\\), got 4 characters" ${SP_BIN} keystore encrypt
         --secret-key-file ${WORK}/short_sk.txt --password-file ${WORK}/pw.txt --out ${WORK}/ks.json
         --force)
expect_same(${WORK}/ks.json ks)
run_fail("already exists" ${SP_BIN} keystore encrypt --secret-key-file ${WORK}/sk.txt
         --password-file ${WORK}/pw.txt --out ${WORK}/ks.json)
expect_same(${WORK}/ks.json ks)

# keys generate: unknown chain, malformed withdrawal address: nothing written into --out.
file(WRITE ${WORK}/m.txt "test test test test test test test test test test test waste\n")
file(MAKE_DIRECTORY ${WORK}/out)
file(WRITE ${WORK}/out/keep.json "keep me\n")
set(keep "keep me\n")
function(generate_fails expect_err)
  run_fail("${expect_err}" ${SP_BIN} keys generate --mnemonic-file ${WORK}/m.txt
           --password-file ${WORK}/pw.txt --kdf pbkdf2 --out ${WORK}/out ${ARGN})
  file(GLOB files ${WORK}/out/*)
  if(NOT files STREQUAL "${WORK}/out/keep.json")
    message(FATAL_ERROR "keys generate wrote files after '${expect_err}': ${files}")
  endif()
  expect_same(${WORK}/out/keep.json keep)
endfunction()
generate_fails("unknown network 'nosuch'" --chain nosuch)
generate_fails("execution address must be 0x followed by 40 hex digits, got .0x1234." --chain mainnet
               --withdrawal-address 0x1234)
generate_fails("--compounding needs --withdrawal-address" --chain mainnet --compounding)

# keys verify-deposit: malformed JSON, unknown chain.
file(WRITE ${WORK}/deposit.json "[{\"pubkey\": ")
run_fail("deposit file is not valid JSON" ${SP_BIN} keys verify-deposit ${WORK}/deposit.json
         --chain mainnet)
run_fail("--chain: unknown network 'nosuch'" ${SP_BIN} keys verify-deposit ${WORK}/deposit.json
         --chain nosuch)
message(STATUS "keys bad inputs: all checks passed")
