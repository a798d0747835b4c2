#pragma once
// Building blocks of ceremony messages, shared by the state machine and by tests/simulations that
// play Byzantine dealers (equivocation is two different deals built with these functions).
#include <optional>
#include <span>
#include <vector>

#include "stakepool/threshold/ceremony.hpp"

namespace stakepool::threshold {

// g1_to_bytes / g1_from_bytes: 48-byte compressed G1; from_bytes validates (curve, subgroup,
// not identity).
G1Bytes g1_to_bytes(const G1& p);
std::optional<G1> g1_from_bytes(const G1Bytes& b);
// g1_to_wire / g1_from_wire: 96-byte uncompressed G1 for commitments. from_wire checks the
// encoding, the curve equation and not identity, but NOT the subgroup (doc/formats/ceremony.md:
// the joint public polynomial is checked instead; a dealer whose points leave G1 is excluded).
G1Wire g1_to_wire(const G1Affine& p);
std::optional<G1Affine> g1_from_wire(const G1Wire& b);
ScalarBytes fr_to_bytes(const Fr& x);
std::optional<Fr> fr_from_bytes(const ScalarBytes& b);

// pair_key_x25519: the util::PairKeys pair key (HKDF-SHA256 of the X25519 shared secret, see
// util/operator_keys.hpp) computed with crypto::x25519 (constant time) instead of OpenSSL; a
// util::PairKeyFn. False for a low-order peer key.
bool pair_key_x25519(const util::X25519SecretKey& mine, const util::X25519PublicKey& peer, util::Secret<32>& key);
// pair_keys_x25519_many: the same pair keys with many peers at once through crypto::x25519_many
// (8 ladders in AVX-512 IFMA lanes where available); a util::PairKeyBatchFn, nullopt for a
// low-order peer key.
std::vector<std::optional<util::Secret<32>>> pair_keys_x25519_many(const util::X25519SecretKey& mine,
                                                                   std::span<const util::X25519PublicKey> peers);
// precompute_pair_keys: derives in one batch the pair keys `me` will use: with the recipients when
// it deals, with the dealers when it receives.
void precompute_pair_keys(util::PairKeys& boxes, const CeremonyConfig& cfg, const Identity& me);

// box_aad binds a sealed share to the session, dealer and recipient.
util::Bytes box_aad(const SessionId& session, uint32_t dealer, uint32_t recipient);

// build_deal encodes and signs a Deal of `polys` (one per secret, cfg.secrets of them) from
// `dealer` to cfg.recipients, sealing each recipient's shares in one box under the pairwise key of
// the dealer's and the recipient's X25519 keys (`boxes`). When corrupt_recipient is set, that
// recipient's share of secret 0 is f(j)+1 (a bad share, for fault injection). The pair keys of all
// recipients are derived first in one batch (pair_keys_x25519_many).
// With `torsion` (fault injection, t >= 4) secret 0's commitments become C_1 − T and C_3 + T for the point
// T = (0, 2) of order 3: T·(x³ − x) vanishes at every integer x, so every share check passes while
// the commitments (and a joint polynomial containing them) leave G1.
util::Bytes build_deal(const CeremonyConfig& cfg, uint32_t dealer, const util::Ed25519SecretKey& key,
                       util::PairKeys& boxes, std::span<const SecretPolynomial> polys, util::Rng& rng,
                       std::optional<uint32_t> corrupt_recipient = std::nullopt, bool torsion = false);

}  // namespace stakepool::threshold
