#include "stakepool/crypto/g1_small.hpp"

namespace stakepool::crypto {
namespace {

constexpr uint8_t kFlagC = 0x80, kFlagI = 0x40, kFlagS = 0x20;

}  // namespace

PointError g1_deserialize_uncompressed_unchecked(std::span<const uint8_t> in, G1Affine& out) {
  if (in.size() != 96) return PointError::kBadLength;
  const uint8_t flags = in[0] & (kFlagC | kFlagI | kFlagS);
  if ((flags & kFlagC) != 0) return PointError::kBadCompressionFlag;
  if ((flags & kFlagI) != 0) {
    if ((flags & kFlagS) != 0 || (in[0] & 0x1f) != 0) return PointError::kBadInfinityEncoding;
    for (std::size_t i = 1; i < in.size(); ++i) {
      if (in[i] != 0) return PointError::kBadInfinityEncoding;
    }
    out = G1Affine{};
    return PointError::kOk;
  }
  if ((flags & kFlagS) != 0) return PointError::kBadSignFlag;
  G1Affine p;
  if (!Fp::from_bytes_be(p.x, std::span<const uint8_t, 48>(in.data(), 48)) ||
      !Fp::from_bytes_be(p.y, std::span<const uint8_t, 48>(in.data() + 48, 48))) {
    return PointError::kNonCanonical;
  }
  p.infinity = false;
  if (!is_on_curve(p)) return PointError::kNotOnCurve;
  out = p;
  return PointError::kOk;
}

G1 g1_mul_small_vartime(const G1& p, uint64_t v) {
  if (v == 0) return identity<Fp>();
  // Signed digits of v, least significant first: the binary digits, or the non-adjacent form
  // (digits in {-1, 0, 1}, fewer additions for runs of ones) when that is cheaper, counting a
  // Jacobian addition as about 2.5 doublings.
  int8_t bin[64], naf[66];
  int bin_len = 0, naf_len = 0, bin_adds = 0, naf_adds = 0;
  for (uint64_t x = v; x != 0; x >>= 1) {
    bin[bin_len++] = static_cast<int8_t>(x & 1);
    bin_adds += static_cast<int>(x & 1);
  }
  for (unsigned __int128 x = v; x != 0; x >>= 1) {
    int8_t d = 0;
    if ((x & 1) != 0) {
      d = static_cast<int8_t>(2 - static_cast<int>(x & 3));  // 1 if x = 1 mod 4, -1 if x = 3 mod 4
      x = d > 0 ? x - 1 : x + 1;
      ++naf_adds;
    }
    naf[naf_len++] = d;
  }
  const bool use_naf = 2 * naf_len + 5 * naf_adds < 2 * bin_len + 5 * bin_adds;
  const int8_t* digits = use_naf ? naf : bin;
  const int len = use_naf ? naf_len : bin_len;
  const G1 minus_p = neg(p);
  G1 acc = p;  // the top digit is 1 in both forms
  for (int i = len - 2; i >= 0; --i) {
    acc = dbl(acc);
    if (digits[i] != 0) acc = add_vartime(acc, digits[i] > 0 ? p : minus_p);
  }
  return acc;
}

G1 g1_horner_small_vartime(std::span<const G1Affine> c, uint64_t x) {
  if (c.empty()) return identity<Fp>();
  G1 acc = to_jacobian(c.back());
  for (std::size_t k = c.size() - 1; k-- > 0;) {
    acc = add_mixed_vartime(g1_mul_small_vartime(acc, x), c[k]);
  }
  return acc;
}

}  // namespace stakepool::crypto
