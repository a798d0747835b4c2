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
