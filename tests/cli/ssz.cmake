# Consensus-spec SSZ vectors through `stakepool vectors ssz` (ssz_static + ssz_generic), with exact
# totals so that a runner finding fewer (or no) cases fails.
# phase0-v1.0: 165 ssz_static (15 types x 5 mainnet + 6 minimal) + 1905 ssz_generic cases.
sp_cli_test(vectors_ssz_phase0 "\n2070 passed, 0 failed\n"
  ${SP_BIN} vectors ssz ${V}/ssz/phase0-v1.0)
# newer-forks: altair sync-committee types, electra attestations, capella/fulu BLS changes.
sp_cli_test(vectors_ssz_newer_forks "\n11 passed, 0 failed\n"
  ${SP_BIN} vectors ssz ${V}/ssz/newer-forks)
