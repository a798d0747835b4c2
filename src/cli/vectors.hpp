#pragma once
// `stakepool vectors <suite> DIR`: official test-vector runners. cmd_vectors.cpp owns the `vectors`
// subcommand; each runner adds its own sub-subcommand through an add_vectors_<name> function
// declared here and called from register_vectors (add yours with a one-line edit in both places).
#include <CLI/CLI.hpp>

namespace stakepool::cli {

// add_vectors_h2c: `vectors h2c DIR` — RFC 9380 hash-to-curve suites and expand_message_xmd
// (cmd_vectors_h2c.cpp).
void add_vectors_h2c(CLI::App* vectors);
// add_vectors_bls: `vectors bls DIR` — Ethereum BLS signature vectors: bls12-381-tests JSON and
// consensus-spec-tests YAML handlers (cmd_vectors_bls.cpp).
void add_vectors_bls(CLI::App* vectors);
// add_vectors_keys: `vectors keys DIR` — EIP-2333 derivation, EIP-2335 keystores, BIP-39
// (cmd_vectors_keys.cpp).
void add_vectors_keys(CLI::App* vectors);
// add_vectors_deposits: `vectors deposits DIR` — deposit_data files of the staking-deposit-cli
// family, re-derived from their mnemonic (cmd_vectors_deposits.cpp).
void add_vectors_deposits(CLI::App* vectors);
// add_vectors_ssz: `vectors ssz DIR` — consensus-spec ssz_static and ssz_generic suites
// (cmd_vectors_ssz.cpp).
void add_vectors_ssz(CLI::App* vectors);
// add_vectors_interchange: `vectors interchange DIR` — EIP-3076 slashing-protection interchange
// tests under minimal and complete semantics (cmd_vectors_interchange.cpp).
void add_vectors_interchange(CLI::App* vectors);
// add_vectors_threshold: `vectors threshold DIR` — split, recover, combine (cmd_vectors_threshold.cpp).
void add_vectors_threshold(CLI::App* vectors);

}  // namespace stakepool::cli
