#pragma once
// Prime fields of BLS12-381 (DESIGN.md §1).
//
//   Fp: p = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab
//       381 bits, 6 x 64-bit limbs, little-endian limbs, Montgomery form with R = 2^384.
//   Fr: r = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001
//       255 bits, 4 x 64-bit limbs, Montgomery form with R = 2^256.
//
// Both are the same template, MontField<Params>, so that the exhaustive tests can instantiate it on a
// toy prime (STYLE.md L9). All operations without a `_vartime` suffix are constant time in the
// values of their operands. Values are always fully reduced (< modulus).
//
// ISA: the 6-limb multiplication has a MULX/ADCX/ADOX path and a portable unsigned __int128 path,
// chosen once from CPUID; STAKEPOOL_ISA=portable|adx|avx512 forces a path (see isa.hpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace stakepool::crypto {

template <typename P>
class MontField {
 public:
  static constexpr std::size_t kLimbs = P::kLimbs;
  static constexpr std::size_t kBytes = P::kBytes;
  using Limbs = std::array<uint64_t, kLimbs>;

  Limbs l{};  // Montgomery representation a·R mod m, little-endian limbs. Public for arithmetic code.

  static constexpr MontField zero() { return MontField{}; }
  static MontField one();
  static MontField from_u64(uint64_t v);
  // from_canonical: limbs of a value < modulus (not Montgomery). Returns false if value >= modulus.
  [[nodiscard]] static bool from_canonical(MontField& out, const Limbs& v);
  // from_bytes_be: kBytes big-endian, canonical. Returns false (out untouched) if value >= modulus.
  [[nodiscard]] static bool from_bytes_be(MontField& out, std::span<const uint8_t, kBytes> in);
  // from_bytes_wide_be: up to 2*kBytes big-endian bytes of any value, reduced modulo m
  // (hash_to_field uses 64-byte strings for Fp, KeyGen 48-byte strings for Fr).
  static MontField from_bytes_wide_be(std::span<const uint8_t> in);
  void to_bytes_be(std::span<uint8_t, kBytes> out) const;
  Limbs to_canonical() const;  // leaves Montgomery form

  MontField operator+(const MontField& b) const;
  MontField operator-(const MontField& b) const;
  MontField operator-() const;
  MontField operator*(const MontField& b) const;
  MontField& operator+=(const MontField& b) { return *this = *this + b; }
  MontField& operator-=(const MontField& b) { return *this = *this - b; }
  MontField& operator*=(const MontField& b) { return *this = *this * b; }
  MontField dbl() const;
  MontField sqr() const;
  MontField half() const;                     // a / 2
  MontField inv() const;                      // constant time; inv(0) = 0
  MontField inv_vartime() const;              // public inputs only; inv(0) = 0
  // pow_vartime: exponent is public (little-endian limbs, any length).
  MontField pow_vartime(std::span<const uint64_t> e) const;
  // sqrt: constant time. Returns true and sets out to a root when *this is a square
  // (out untouched otherwise). Which root is returned is unspecified; callers fix the sign.
  [[nodiscard]] bool sqrt(MontField& out) const;
  bool is_square() const;                     // constant time (Legendre symbol)

  bool is_zero() const;                       // constant time
  bool is_one() const;
  bool operator==(const MontField& b) const;  // constant time
  bool sgn0() const;                          // RFC 9380 sgn0: canonical value mod 2
  bool lexicographically_largest() const;     // canonical value > (m-1)/2 (ZCash y flag)
  // select returns a if mask == all-ones, b if mask == 0 (constant time).
  static MontField select(uint64_t mask, const MontField& a, const MontField& b);
  void cswap(MontField& o, uint64_t mask);
};

// FpParams / FrParams (modulus, R^2, -m^-1 mod 2^64, ...) and the inline definitions of the hot
// operations live in field_impl.hpp, included below.
}  // namespace stakepool::crypto

#include "stakepool/crypto/field_impl.hpp"

namespace stakepool::crypto {
using Fp = MontField<FpParams>;
using Fr = MontField<FrParams>;

// Scalar: a canonical (non-Montgomery) 256-bit integer for scalar multiplication, little-endian limbs.
using Scalar = std::array<uint64_t, 4>;
inline Scalar to_scalar(const Fr& x) { return x.to_canonical(); }
}  // namespace stakepool::crypto
