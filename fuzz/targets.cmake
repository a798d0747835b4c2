# SP_FUZZ_TARGETS lists fuzz/<target>/ folders; SP_FUZZ_LIBS_<target> the libraries each links.
set(SP_FUZZ_TARGETS)
# EIP-3076 interchange parsing, import and export (eth slashing protection).
list(APPEND SP_FUZZ_TARGETS interchange)
set(SP_FUZZ_LIBS_interchange stakepool_eth stakepool_util)
list(APPEND SP_FUZZ_TARGETS qbft_message)
set(SP_FUZZ_LIBS_qbft_message stakepool_consensus stakepool_util)
# Strict SSZ decoding of the duty containers (eth ssz).
list(APPEND SP_FUZZ_TARGETS ssz)
set(SP_FUZZ_LIBS_ssz stakepool_eth stakepool_crypto stakepool_util)
# BLS12-381 point decoding: compressed/uncompressed G1 and G2 (crypto point_encoding).
list(APPEND SP_FUZZ_TARGETS g1_deserialize g2_deserialize)
set(SP_FUZZ_LIBS_g1_deserialize stakepool_crypto stakepool_util)
set(SP_FUZZ_LIBS_g2_deserialize stakepool_crypto stakepool_util)
# BLS verify (pk || sig || msg) and hash-to-G2 of arbitrary messages and DSTs (crypto bls, h2c).
list(APPEND SP_FUZZ_TARGETS bls_verify hash_to_g2)
set(SP_FUZZ_LIBS_bls_verify stakepool_crypto stakepool_util)
set(SP_FUZZ_LIBS_hash_to_g2 stakepool_crypto stakepool_util)
# EIP-2335 keystore JSON parsing and re-serialisation (eth keystore).
list(APPEND SP_FUZZ_TARGETS keystore)
set(SP_FUZZ_LIBS_keystore stakepool_eth stakepool_crypto stakepool_util)

# Seed corpora generated at build time by fuzz_seeds (fuzz/seeds/make_seeds.cpp) from this library's
# own points and signatures (no test-vector bytes in the repository); the other targets keep a
# checked-in fuzz/<target>/corpus/. sp_fuzz_corpus_dir(T VAR) names a target's seed folder.
set(SP_FUZZ_GENERATED_SEEDS g1_deserialize g2_deserialize bls_verify hash_to_g2)
set(SP_FUZZ_SEED_DIR ${CMAKE_BINARY_DIR}/fuzz-seeds)
function(sp_fuzz_corpus_dir t var)
  if(t IN_LIST SP_FUZZ_GENERATED_SEEDS)
    set(${var} ${SP_FUZZ_SEED_DIR}/${t} PARENT_SCOPE)
  else()
    set(${var} ${PROJECT_SOURCE_DIR}/fuzz/${t}/corpus PARENT_SCOPE)
  endif()
endfunction()
# sp_fuzz_seeds([LINK_OPTIONS...]) defines fuzz_seeds and the fuzz_seed_corpora target that runs it.
function(sp_fuzz_seeds)
  add_executable(fuzz_seeds ${PROJECT_SOURCE_DIR}/fuzz/seeds/make_seeds.cpp)
  target_link_libraries(fuzz_seeds PRIVATE stakepool_crypto stakepool_util)
  target_link_options(fuzz_seeds PRIVATE ${ARGN})
  add_custom_command(OUTPUT ${SP_FUZZ_SEED_DIR}/stamp
                     COMMAND fuzz_seeds ${SP_FUZZ_SEED_DIR}
                     COMMAND ${CMAKE_COMMAND} -E touch ${SP_FUZZ_SEED_DIR}/stamp
                     DEPENDS fuzz_seeds COMMENT "Generating fuzz seed corpora")
  add_custom_target(fuzz_seed_corpora ALL DEPENDS ${SP_FUZZ_SEED_DIR}/stamp)
endfunction()
