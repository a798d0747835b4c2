#pragma once
// Hashing to BLS12-381 G1 and G2 (RFC 9380): the suites
//   BLS12381G1_XMD:SHA-256_SSWU_RO_ / _NU_   (hash_to_g1 / encode_to_g1)
//   BLS12381G2_XMD:SHA-256_SSWU_RO_ / _NU_   (hash_to_g2 / encode_to_g2)
// built from expand_message_xmd(SHA-256) (expand_message.hpp), hash_to_field (§5.2, L = 64),
// simplified SWU on the isogenous curves E1'/E2' (§6.6.2, F.2) followed by the 11-/3-isogeny
// (Appendix E.2/E.3), and cofactor clearing (§7; G2 by the Budroni–Pintore psi method, G.3).
//
// Everything here is constant time in the message and the intermediate field elements: the
// square-root ratio, the sign fix and the exceptional case of SWU are masked selects, and the
// points are never normalised (outputs are Jacobian; no inversion is performed).
// Ethereum BLS signatures (POP ciphersuite) call hash_to_g2 with DST
// "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_".
#include <cstdint>
#include <span>

#include "stakepool/crypto/expand_message.hpp"
#include "stakepool/crypto/points.hpp"

namespace stakepool::crypto {

// hash_to_field_fp / hash_to_field_fp2 fill `out` with out.size() field elements (RFC 9380 §5.2,
// m = 1 or 2, L = 64, expand_message_xmd(SHA-256)). Returns false (out untouched) if out is empty
// or needs more than kXmdMaxLen expanded bytes (count·m·64 > 8160).
[[nodiscard]] bool hash_to_field_fp(std::span<const uint8_t> msg, const XmdDst& dst,
                                    std::span<Fp> out);
[[nodiscard]] bool hash_to_field_fp2(std::span<const uint8_t> msg, const XmdDst& dst,
                                     std::span<Fp2> out);

// map_to_curve_g1 / map_to_curve_g2: simplified SWU onto E1' / E2' composed with the isogeny onto
// E1 / E2 (RFC 9380 §6.6.3). The result is on the curve but NOT in the subgroup (no cofactor
// clearing): the Q0/Q1 (RO) and Q (NU) values of the RFC test vectors.
G1 map_to_curve_g1(const Fp& u);
G2 map_to_curve_g2(const Fp2& u);

// clear_cofactor_g1 returns [h_eff]P, h_eff = 1 - z = 0xd201000000010001 (RFC 9380 §8.8.1).
// clear_cofactor_g2 returns [h_eff]P for the G2 h_eff of §8.8.2, computed as
// [z^2 - z - 1]P + [z - 1]psi(P) + psi^2(2P) (Appendix G.3). Any point on the curve is mapped into
// the prime-order subgroup.
G1 clear_cofactor_g1(const G1& p);
G2 clear_cofactor_g2(const G2& p);

// hash_to_g1 / hash_to_g2: the random-oracle encodings (hash_to_curve, RFC 9380 §3): two field
// elements, two maps, one addition, cofactor clearing. The result is in G1 / G2, Jacobian.
G1 hash_to_g1(std::span<const uint8_t> msg, const XmdDst& dst);
G2 hash_to_g2(std::span<const uint8_t> msg, const XmdDst& dst);
G1 hash_to_g1(std::span<const uint8_t> msg, std::span<const uint8_t> dst);
G2 hash_to_g2(std::span<const uint8_t> msg, std::span<const uint8_t> dst);

// encode_to_g1 / encode_to_g2: the nonuniform encodings (encode_to_curve, RFC 9380 §3): one field
// element, one map, cofactor clearing.
G1 encode_to_g1(std::span<const uint8_t> msg, const XmdDst& dst);
G2 encode_to_g2(std::span<const uint8_t> msg, const XmdDst& dst);
G1 encode_to_g1(std::span<const uint8_t> msg, std::span<const uint8_t> dst);
G2 encode_to_g2(std::span<const uint8_t> msg, std::span<const uint8_t> dst);

}  // namespace stakepool::crypto
