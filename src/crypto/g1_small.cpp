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
  G1 acc = p;
  for (int bit = 62 - __builtin_clzll(v); bit >= 0; --bit) {
    acc = dbl(acc);
    if ((v >> bit) & 1) acc = add_vartime(acc, p);
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
