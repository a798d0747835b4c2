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
