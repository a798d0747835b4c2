// ZCash / IETF point serialization (see point_encoding.hpp).
#include "stakepool/crypto/point_encoding.hpp"

#include <algorithm>
#include <cstddef>

#include "crypto/curve_ops.hpp"
#include "stakepool/crypto/curve.hpp"

namespace stakepool::crypto {
namespace {

constexpr uint8_t kFlagC = 0x80;
constexpr uint8_t kFlagI = 0x40;
constexpr uint8_t kFlagS = 0x20;
constexpr uint8_t kFlagMask = kFlagC | kFlagI | kFlagS;

// Codec<F>: big-endian bytes of a coordinate (Fp2: c1 first, then c0).
template <typename F>
struct Codec;

template <>
struct Codec<Fp> {
  static constexpr std::size_t kBytes = 48;
  static bool read(const uint8_t* in, Fp& out) {
    return Fp::from_bytes_be(out, std::span<const uint8_t, 48>(in, 48));
  }
  static void write(const Fp& x, uint8_t* out) { x.to_bytes_be(std::span<uint8_t, 48>(out, 48)); }
  static bool in_subgroup(const G1Affine& p) { return g1_in_subgroup_vartime(p); }
};

template <>
struct Codec<Fp2> {
  static constexpr std::size_t kBytes = 96;
  static bool read(const uint8_t* in, Fp2& out) {
    Fp2 x;
    if (!Codec<Fp>::read(in, x.c1) || !Codec<Fp>::read(in + 48, x.c0)) return false;
    out = x;
    return true;
  }
  static void write(const Fp2& x, uint8_t* out) {
    Codec<Fp>::write(x.c1, out);
    Codec<Fp>::write(x.c0, out + 48);
  }
  static bool in_subgroup(const G2Affine& p) { return g2_in_subgroup_vartime(p); }
};

// infinity_ok: with i = 1, every bit other than c and i must be zero.
bool infinity_ok(std::span<const uint8_t> in) {
  if ((in[0] & ~(kFlagC | kFlagI)) != 0) return false;
  return std::all_of(in.begin() + 1, in.end(), [](uint8_t b) { return b == 0; });
}

template <typename F>
PointError decompress(std::span<const uint8_t> in, bool check_subgroup, AffinePoint<F>& out) {
  constexpr std::size_t n = Codec<F>::kBytes;
  if (in.size() != n) return PointError::kBadLength;
  const uint8_t flags = in[0] & kFlagMask;
  if ((flags & kFlagC) == 0) return PointError::kNotCompressed;
  if ((flags & kFlagI) != 0) {
    if (!infinity_ok(in)) return PointError::kBadInfinityEncoding;
    out = AffinePoint<F>{};
    return PointError::kOk;
  }
  std::array<uint8_t, n> buf;
  std::copy(in.begin(), in.end(), buf.begin());
  buf[0] &= static_cast<uint8_t>(~kFlagMask);
  AffinePoint<F> p;
  if (!Codec<F>::read(buf.data(), p.x)) return PointError::kNonCanonical;
  const F y2 = p.x.sqr() * p.x + CurveParams<F>::b();
  if (!y2.sqrt(p.y)) return PointError::kNotOnCurve;
  if (p.y.lexicographically_largest() != ((flags & kFlagS) != 0)) p.y = -p.y;
  p.infinity = false;
  if (check_subgroup && !Codec<F>::in_subgroup(p)) return PointError::kNotInSubgroup;
  out = p;
  return PointError::kOk;
}

template <typename F>
PointError deserialize_uncompressed(std::span<const uint8_t> in, AffinePoint<F>& out) {
  constexpr std::size_t n = Codec<F>::kBytes;
  if (in.size() != 2 * n) return PointError::kBadLength;
  const uint8_t flags = in[0] & kFlagMask;
  if ((flags & kFlagC) != 0) return PointError::kBadCompressionFlag;
  if ((flags & kFlagI) != 0) {
    if (!infinity_ok(in)) return PointError::kBadInfinityEncoding;
    out = AffinePoint<F>{};
    return PointError::kOk;
  }
  if ((flags & kFlagS) != 0) return PointError::kBadSignFlag;
  AffinePoint<F> p;
  if (!Codec<F>::read(in.data(), p.x) || !Codec<F>::read(in.data() + n, p.y)) {
    return PointError::kNonCanonical;
  }
  p.infinity = false;
  if (!is_on_curve(p)) return PointError::kNotOnCurve;
  if (!Codec<F>::in_subgroup(p)) return PointError::kNotInSubgroup;
  out = p;
  return PointError::kOk;
}

template <typename F, std::size_t N>
std::array<uint8_t, N> serialize(const AffinePoint<F>& p) {
  constexpr std::size_t n = Codec<F>::kBytes;
  static_assert(N == n || N == 2 * n);
  std::array<uint8_t, N> out{};
  if (p.infinity) {
    out[0] = (N == n ? kFlagC : 0) | kFlagI;
    return out;
  }
  Codec<F>::write(p.x, out.data());
  if constexpr (N == n) {
    out[0] |= kFlagC;
    if (p.y.lexicographically_largest()) out[0] |= kFlagS;
  } else {
    Codec<F>::write(p.y, out.data() + n);
  }
  return out;
}

}  // namespace

const char* to_string(PointError e) {
  switch (e) {
    case PointError::kOk: return "ok";
    case PointError::kBadLength: return "wrong encoding length";
    case PointError::kNotCompressed: return "compression flag not set in a compressed encoding";
    case PointError::kBadCompressionFlag: return "compression flag set in an uncompressed encoding";
    case PointError::kBadInfinityEncoding: return "bad infinity encoding (extra bits set)";
    case PointError::kBadSignFlag: return "sign flag set in an uncompressed encoding";
    case PointError::kNonCanonical: return "coordinate not canonical (>= p)";
    case PointError::kNotOnCurve: return "point not on the curve";
    case PointError::kNotInSubgroup: return "point not in the prime-order subgroup";
  }
  return "unknown point error";
}

std::array<uint8_t, 48> g1_compress(const G1Affine& p) { return serialize<Fp, 48>(p); }
std::array<uint8_t, 96> g2_compress(const G2Affine& p) { return serialize<Fp2, 96>(p); }
std::array<uint8_t, 96> g1_serialize_uncompressed(const G1Affine& p) {
  return serialize<Fp, 96>(p);
}
std::array<uint8_t, 192> g2_serialize_uncompressed(const G2Affine& p) {
  return serialize<Fp2, 192>(p);
}

PointError g1_decompress(std::span<const uint8_t> in, G1Affine& out) {
  return decompress<Fp>(in, true, out);
}
PointError g2_decompress(std::span<const uint8_t> in, G2Affine& out) {
  return decompress<Fp2>(in, true, out);
}
PointError g1_decompress_unchecked(std::span<const uint8_t> in, G1Affine& out) {
  return decompress<Fp>(in, false, out);
}
PointError g2_decompress_unchecked(std::span<const uint8_t> in, G2Affine& out) {
  return decompress<Fp2>(in, false, out);
}
PointError g1_deserialize_uncompressed(std::span<const uint8_t> in, G1Affine& out) {
  return deserialize_uncompressed<Fp>(in, out);
}
PointError g2_deserialize_uncompressed(std::span<const uint8_t> in, G2Affine& out) {
  return deserialize_uncompressed<Fp2>(in, out);
}

}  // namespace stakepool::crypto
