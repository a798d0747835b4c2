#pragma once
// Batched BLS work of the duty pipeline: many signatures over ONE message (all partials of a
// signing root, all validators of a pool attesting in a slot) are checked with one pairing check
//   e(Σ ρ_i·pk_i, H(m)) == e(G1, Σ ρ_i·σ_i)   (random 64-bit ρ_i from the injected Rng),
// bisected on failure; and a share signs a message whose hash is already known.
#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "stakepool/crypto/bls.hpp"
#include "stakepool/crypto/pairing.hpp"
#include "stakepool/crypto/points.hpp"
#include "stakepool/threshold/shamir.hpp"
#include "stakepool/util/rng.hpp"

namespace stakepool::duty::detail {

namespace bls = crypto::bls;

// ParallelFn: runs f(i) for i in [0, n), maybe on several threads (see duty::ParallelFor).
using ParallelFn = std::function<void(std::size_t n, const std::function<void(std::size_t)>& f)>;

// hash_message_vartime: H(msg) for the POP ciphersuite, affine (the message is public).
crypto::G2Affine hash_message_vartime(std::span<const uint8_t> msg);

// sign_hashed: share·h, the partial signature of the message whose hash is `h`. Constant time in
// the share.
bls::Signature sign_hashed(const threshold::SecretShare& share, const crypto::G2Affine& h);

// SameMessagePair: a public key and a signature claimed over the batch's message (or, in
// find_invalid_multi, over the message whose hash is *h).
struct SameMessagePair {
  const bls::PublicKey* pk = nullptr;
  const bls::Signature* sig = nullptr;
  const crypto::G2Affine* h = nullptr;
  // lines: optionally the prepared lines of *h (crypto::prepare_g2(*h)); pairs with the same h
  // must agree on them. Only saves time; the outcome is the same.
  const crypto::G2Prepared* lines = nullptr;
};

// find_invalid_same_message returns the positions (ascending) of the pairs whose signature does
// not verify over the message hashed to `h`: one check for the whole batch, bisection when it
// fails. Variable time (public inputs).
std::vector<std::size_t> find_invalid_same_message(std::span<const SameMessagePair> pairs,
                                                   const crypto::G2Affine& h, util::Rng& rng);

// find_invalid_multi: the same over pairs signing different messages (each pair's `h`), in one
// multi-pairing check: Π_m e(Σ_{i signs m} ρ_i·pk_i, H(m)) == e(G1, Σ ρ_i·σ_i) — one Miller loop
// pair per distinct message and one final exponentiation. Bisection when it fails.
// `par` (optional) runs the multi-scalar multiplications of a check side by side; the random
// coefficients are drawn in order first, so the result does not depend on it.
std::vector<std::size_t> find_invalid_multi(std::span<const SameMessagePair> pairs, util::Rng& rng,
                                            const ParallelFn* par = nullptr);

}  // namespace stakepool::duty::detail
