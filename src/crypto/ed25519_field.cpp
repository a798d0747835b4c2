// GF(2^255 - 19): byte conversion, inversion and the square-root exponent.
#include "ed25519_field.hpp"

#include <cstring>

namespace stakepool::crypto::ed25519::detail {
namespace {

uint64_t load64_le(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void store64_le(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// pow_2_250_1: returns a^(2^250 - 1) and sets a11 = a^11 (both needed by invert and pow22523).
Fe pow_2_250_1(const Fe& a, Fe& a11) {
  const Fe a2 = fe_sq(a);                             // 2
  const Fe a9 = fe_mul(fe_sq_n(a2, 2), a);            // 9
  a11 = fe_mul(a9, a2);                               // 11
  const Fe e5 = fe_mul(fe_sq(a11), a9);               // 2^5 - 1
  const Fe e10 = fe_mul(fe_sq_n(e5, 5), e5);          // 2^10 - 1
  const Fe e20 = fe_mul(fe_sq_n(e10, 10), e10);       // 2^20 - 1
  const Fe e40 = fe_mul(fe_sq_n(e20, 20), e20);       // 2^40 - 1
  const Fe e50 = fe_mul(fe_sq_n(e40, 10), e10);       // 2^50 - 1
  const Fe e100 = fe_mul(fe_sq_n(e50, 50), e50);      // 2^100 - 1
  const Fe e200 = fe_mul(fe_sq_n(e100, 100), e100);   // 2^200 - 1
  return fe_mul(fe_sq_n(e200, 50), e50);              // 2^250 - 1
}

}  // namespace

bool fe_from_bytes_vartime(Fe& out, const uint8_t in[32]) {
  const uint64_t w0 = load64_le(in), w1 = load64_le(in + 8), w2 = load64_le(in + 16);
  const uint64_t w3 = load64_le(in + 24);
  out.v[0] = w0 & kMask51;
  out.v[1] = ((w0 >> 51) | (w1 << 13)) & kMask51;
  out.v[2] = ((w1 >> 38) | (w2 << 26)) & kMask51;
  out.v[3] = ((w2 >> 25) | (w3 << 39)) & kMask51;
  out.v[4] = (w3 >> 12) & kMask51;
  // p = 2^255 - 19: a 255-bit value is >= p iff limbs 1..4 are all ones and limb 0 >= 2^51 - 19.
  const bool top_ones = (out.v[1] & out.v[2] & out.v[3] & out.v[4]) == kMask51;
  return !(top_ones && out.v[0] >= kMask51 - 18);
}

void fe_to_bytes(uint8_t out[32], const Fe& a) {
  Fe t = fe_carry(fe_carry(a));  // limbs < 2^51 except limb 0 < 2^51 + 19*2: value < 2p
  // q = 1 iff t >= p: add 19 and see whether bit 255 is reached.
  uint64_t q = (t.v[0] + 19) >> 51;
  q = (t.v[1] + q) >> 51;
  q = (t.v[2] + q) >> 51;
  q = (t.v[3] + q) >> 51;
  q = (t.v[4] + q) >> 51;
  t.v[0] += 19 * q;
  uint64_t c = t.v[0] >> 51; t.v[0] &= kMask51; t.v[1] += c;
  c = t.v[1] >> 51; t.v[1] &= kMask51; t.v[2] += c;
  c = t.v[2] >> 51; t.v[2] &= kMask51; t.v[3] += c;
  c = t.v[3] >> 51; t.v[3] &= kMask51; t.v[4] += c;
  t.v[4] &= kMask51;  // drops 2^255, i.e. subtracts p together with the +19 above
  store64_le(out, t.v[0] | (t.v[1] << 51));
  store64_le(out + 8, (t.v[1] >> 13) | (t.v[2] << 38));
  store64_le(out + 16, (t.v[2] >> 26) | (t.v[3] << 25));
  store64_le(out + 24, (t.v[3] >> 39) | (t.v[4] << 12));
}

Fe fe_invert(const Fe& a) {
  Fe a11;
  const Fe e250 = pow_2_250_1(a, a11);
  return fe_mul(fe_sq_n(e250, 5), a11);  // 2^255 - 32 + 11 = p - 2
}

Fe fe_pow22523(const Fe& a) {
  Fe a11;
  const Fe e250 = pow_2_250_1(a, a11);
  return fe_mul(fe_sq_n(e250, 2), a);  // 2^252 - 4 + 1
}

bool fe_is_zero_vartime(const Fe& a) {
  uint8_t b[32];
  fe_to_bytes(b, a);
  uint8_t acc = 0;
  for (uint8_t x : b) acc |= x;
  return acc == 0;
}

bool fe_equal_vartime(const Fe& a, const Fe& b) { return fe_is_zero_vartime(fe_sub(a, b)); }

bool fe_is_negative(const Fe& a) {
  uint8_t b[32];
  fe_to_bytes(b, a);
  return (b[0] & 1) != 0;
}

}  // namespace stakepool::crypto::ed25519::detail
