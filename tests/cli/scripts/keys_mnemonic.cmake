# BIP-39 languages in the key commands, and bad mnemonics: each gets its specific error and leaves
# the output directory as it was (run with -DSP_BIN=... -DWORK=...).
include(${CMAKE_CURRENT_LIST_DIR}/common.cmake)

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/out)
file(WRITE ${WORK}/pw.txt "correct horse\n")
file(WRITE ${WORK}/out/existing.json "keep me\n")

# generate_fails: `keys generate` from mnemonic text must fail with `expect` and write nothing.
function(generate_fails expect text)
  file(WRITE ${WORK}/m.txt "${text}\n")
  execute_process(COMMAND ${SP_BIN} keys generate --mnemonic-file ${WORK}/m.txt --chain mainnet
                          --password-file ${WORK}/pw.txt --kdf pbkdf2 --out ${WORK}/out ${ARGN}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "${expect}")
    message(FATAL_ERROR "expected failure '${expect}' for '${text}' ${ARGN}\n${out}${err}")
  endif()
  file(GLOB files ${WORK}/out/*)
  file(READ ${WORK}/out/existing.json kept)
  if(NOT files STREQUAL "${WORK}/out/existing.json" OR NOT kept STREQUAL "keep me\n")
    message(FATAL_ERROR "output directory changed after a refused mnemonic: ${files}")
  endif()
endfunction()

set(w11 "legal winner thank year wave sausage worth useful legal winner thank")
generate_fails("mnemonic word 12 is not in any BIP-39 word list" "${w11} xyzzy")
generate_fails("checksum mismatch in english" "${w11} wrong")
generate_fails("must have 12, 15, 18, 21 or 24 words, got 11" "${w11}")
generate_fails("got 13" "${w11} yellow zoo")
generate_fails("mnemonic mixes languages: mnemonic word 12 is italian, earlier words are english"
               "${w11} mimosa")
generate_fails("word 12 is not in the BIP-39 english word list \\(it is in the italian list\\)"
               "${w11} mimosa" --language english)
generate_fails("ambiguous: valid in chinese_simplified, chinese_traditional"
               "的 的 的 的 的 的 的 的 的 的 的 在")
generate_fails("unknown or unsupported BIP-39 language 'klingon'" "${w11} yellow" --language klingon)

# new-mnemonic in Japanese (ideographic spaces) and Spanish; generate detects the language, and
# naming it gives the same keys; naming the wrong one is refused.
run_ok(ja ${SP_BIN} keys new-mnemonic --language japanese --words 12)
string(REGEX MATCHALL "　" seps "${ja}")
list(LENGTH seps nseps)
if(NOT nseps EQUAL 11 OR ja MATCHES " ")
  message(FATAL_ERROR "Japanese mnemonic must use 11 ideographic spaces: '${ja}'")
endif()
file(WRITE ${WORK}/ja.txt "${ja}")
run_ok(a ${SP_BIN} keys generate --mnemonic-file ${WORK}/ja.txt --chain mainnet
       --password-file ${WORK}/pw.txt --kdf pbkdf2 --out ${WORK}/ja_detected)
run_ok(b ${SP_BIN} keys generate --mnemonic-file ${WORK}/ja.txt --chain mainnet --language japanese
       --password-file ${WORK}/pw.txt --kdf pbkdf2 --out ${WORK}/ja_named)
string(REGEX MATCH "pubkey [0-9a-f]+" pa "${a}")
string(REGEX MATCH "pubkey [0-9a-f]+" pb "${b}")
if(pa STREQUAL "" OR NOT pa STREQUAL pb)
  message(FATAL_ERROR "detected and named language give different keys: ${a}\n${b}")
endif()
file(READ ${WORK}/ja.txt ja_text)
generate_fails("not in the BIP-39 korean word list \\(it is in the japanese list\\)" "${ja_text}"
               --language korean)
run_ok(es ${SP_BIN} keys new-mnemonic --language spanish --words 15)
string(REGEX MATCHALL " " seps "${es}")
list(LENGTH seps nseps)
if(NOT nseps EQUAL 14)
  message(FATAL_ERROR "Spanish mnemonic must have 15 words: '${es}'")
endif()

# Capitals are read as lower case (as the deposit CLIs do): same validator key as the lower-case
# deposits-vector mnemonic (pubkey of m/12381/3600/0/0/0 from the deposit vectors).
file(WRITE ${WORK}/upper.txt "TEST Test test test test test test test test test test WASTE\n")
run_ok(up ${SP_BIN} keys generate --mnemonic-file ${WORK}/upper.txt --chain mainnet
       --password-file ${WORK}/pw.txt --kdf pbkdf2 --out ${WORK}/upper)
if(NOT up MATCHES "pubkey 88b6b3a9b391fa5593e8bce8d06102df1a56248368086929709fbb4a8570dc6a560febeef8159b19789e9c1fd13572f0")
  message(FATAL_ERROR "upper-case mnemonic gave another key: ${up}")
endif()
# Words abbreviated to their first four letters (accepted by the deposit CLIs) give the same key.
file(WRITE ${WORK}/abbr.txt "test test test test test test test test test test test wast\n")
run_ok(ab ${SP_BIN} keys generate --mnemonic-file ${WORK}/abbr.txt --chain mainnet
       --password-file ${WORK}/pw.txt --kdf pbkdf2 --out ${WORK}/abbr)
if(NOT ab MATCHES "pubkey 88b6b3a9b391fa5593e8bce8d06102df1a56248368086929709fbb4a8570dc6a560febeef8159b19789e9c1fd13572f0")
  message(FATAL_ERROR "abbreviated mnemonic gave another key: ${ab}")
endif()
