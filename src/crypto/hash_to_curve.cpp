// hash_to_field, cofactor clearing and the RO / NU encodings of RFC 9380 for BLS12-381.
#include "stakepool/crypto/hash_to_curve.hpp"

#include <array>

#include "stakepool/crypto/curve.hpp"
#include "stakepool/util/check.hpp"

namespace stakepool::crypto {
namespace {

constexpr std::size_t kL = 64;  // L = ceil((ceil(log2(p)) + k) / 8) = ceil((381 + 128) / 8)

// Fp element e_j of hash_to_field: OS2IP(tv) mod p for one 64-byte slice of uniform_bytes.
Fp fp_from_slice(const uint8_t* tv) { return Fp::from_bytes_wide_be({tv, kL}); }

}  // namespace

bool hash_to_field_fp(std::span<const uint8_t> msg, const XmdDst& dst, std::span<Fp> out) {
  std::array<uint8_t, kXmdMaxLen> uniform;
  const std::size_t len = out.size() * kL;
  if (out.empty() || len > kXmdMaxLen) return false;
  if (!expand_message_xmd(msg, dst, std::span(uniform).first(len))) return false;
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = fp_from_slice(&uniform[kL * i]);
  return true;
}

bool hash_to_field_fp2(std::span<const uint8_t> msg, const XmdDst& dst, std::span<Fp2> out) {
  std::array<uint8_t, kXmdMaxLen> uniform;
  const std::size_t len = out.size() * 2 * kL;
  if (out.empty() || len > kXmdMaxLen) return false;
  if (!expand_message_xmd(msg, dst, std::span(uniform).first(len))) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {  // elm_offset = L·(j + i·m)
    out[i].c0 = fp_from_slice(&uniform[kL * (2 * i)]);
    out[i].c1 = fp_from_slice(&uniform[kL * (2 * i + 1)]);
  }
  return true;
}

G1 clear_cofactor_g1(const G1& p) {
  return add(p, neg(mul_by_z(p)));  // [1 - z]P
}

// RFC 9380 Appendix G.3, clear_cofactor_bls12381_g2 (c1 = z):
//   t1 = [z]P, t2 = psi(P), t3 = psi2(2P) - t2, t2 = [z](t1 + t2), Q = t3 + t2 - t1 - P.
G2 clear_cofactor_g2(const G2& p) {
  const G2 t1 = mul_by_z(p);
  G2 t2 = psi(p);
  G2 t3 = add(psi2(dbl(p)), neg(t2));
  t2 = mul_by_z(add(t1, t2));
  t3 = add(t3, t2);
  t3 = add(t3, neg(t1));
  return add(t3, neg(p));
}

G1 hash_to_g1(std::span<const uint8_t> msg, const XmdDst& dst) {
  std::array<Fp, 2> u;
  SP_CHECK(hash_to_field_fp(msg, dst, u));  // 128 bytes: never over the limit
  return clear_cofactor_g1(add(map_to_curve_g1(u[0]), map_to_curve_g1(u[1])));
}

G2 hash_to_g2(std::span<const uint8_t> msg, const XmdDst& dst) {
  std::array<Fp2, 2> u;
  SP_CHECK(hash_to_field_fp2(msg, dst, u));  // 256 bytes: never over the limit
  return clear_cofactor_g2(add(map_to_curve_g2(u[0]), map_to_curve_g2(u[1])));
}

G1 encode_to_g1(std::span<const uint8_t> msg, const XmdDst& dst) {
  std::array<Fp, 1> u;
  SP_CHECK(hash_to_field_fp(msg, dst, u));
  return clear_cofactor_g1(map_to_curve_g1(u[0]));
}

G2 encode_to_g2(std::span<const uint8_t> msg, const XmdDst& dst) {
  std::array<Fp2, 1> u;
  SP_CHECK(hash_to_field_fp2(msg, dst, u));
  return clear_cofactor_g2(map_to_curve_g2(u[0]));
}

G1 hash_to_g1(std::span<const uint8_t> msg, std::span<const uint8_t> dst) {
  return hash_to_g1(msg, XmdDst(dst));
}
G2 hash_to_g2(std::span<const uint8_t> msg, std::span<const uint8_t> dst) {
  return hash_to_g2(msg, XmdDst(dst));
}
G1 encode_to_g1(std::span<const uint8_t> msg, std::span<const uint8_t> dst) {
  return encode_to_g1(msg, XmdDst(dst));
}
G2 encode_to_g2(std::span<const uint8_t> msg, std::span<const uint8_t> dst) {
  return encode_to_g2(msg, XmdDst(dst));
}

}  // namespace stakepool::crypto
