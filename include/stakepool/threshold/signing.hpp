#pragma once
// Threshold BLS signing (DESIGN.md §2): a partial signature is an ordinary BLS signature under a
// key share; t partials combine into the group signature σ = Σ λ_i·σ_i (one G2 multi-scalar
// multiplication). Partials are verified together before combining — all sign the same message,
// so with random 64-bit weights ρ_i one check e(Σ ρ_i·pk_i, H(m)) == e(G1, Σ ρ_i·σ_i) covers
// them all — and a batch that fails is bisected, so b bad partials among n cost O(b·log n) checks.
#include <optional>
#include <span>
#include <vector>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/threshold/shamir.hpp"

namespace stakepool::threshold {

namespace bls = crypto::bls;

struct Partial {
  ShareIndex index;
  bls::Signature sig;
};

struct SharePublicKey {
  ShareIndex index;
  bls::PublicKey pk;
};

// partial_sign: Sign(share, msg) under the Ethereum POP ciphersuite. Constant time in the share.
// Fails (nullopt) only for a zero share, which an honest dealing never produces.
std::optional<bls::Signature> partial_sign(const SecretShare& share, std::span<const uint8_t> msg);

// find_invalid_partials returns the indices of partials that do not verify against their share
// public key (or whose index has no key), using batched checks and bisection. `rng` supplies the
// batch weights (any Rng; they need only be unpredictable to the signers).
std::vector<ShareIndex> find_invalid_partials(std::span<const Partial> partials,
                                              std::span<const SharePublicKey> keys,
                                              std::span<const uint8_t> msg, util::Rng& rng);

// combine: σ = Σ λ_i·σ_i over the first t partials (distinct indices required). No verification.
ThresholdError combine(std::span<const Partial> partials, std::size_t t, bls::Signature& out);

// combine_verified: drops invalid partials, combines t valid ones and checks the result against
// the group key. kTooFewShares when fewer than t valid partials remain; kWrongGroupKey if the
// combination does not verify (share keys inconsistent with the group key).
ThresholdError combine_verified(std::span<const Partial> partials, std::span<const SharePublicKey> keys,
                                const bls::PublicKey& group_key, std::span<const uint8_t> msg, std::size_t t,
                                util::Rng& rng, bls::Signature& out);

}  // namespace stakepool::threshold
