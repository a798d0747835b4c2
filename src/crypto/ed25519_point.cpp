// edwards25519 group operations for verification: HWCD formulas (a = -1), RFC 8032 decoding,
// width-w NAF recoding and the interleaved (Straus) multi-scalar multiplication.
#include "ed25519_point.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "stakepool/util/check.hpp"

namespace stakepool::crypto::ed25519::detail {

P3 p3_identity() { return {kFeZero, kFeOne, kFeOne, kFeZero}; }

Cached to_cached(const P3& p) {
  return {fe_add(p.y, p.x), fe_sub(p.y, p.x), fe_add(p.z, p.z), fe_mul(p.t, kFeD2)};
}

// dbl (dbl-2008-hwcd with a = -1, signs folded): A = X^2, B = Y^2, C = 2Z^2, H = A + B,
// E = H - (X + Y)^2, G = A - B, F = C + G; X3 = EF, Y3 = GH, Z3 = FG, T3 = EH.
P1P1 dbl(const P2& p) {
  const Fe a = fe_sq(p.x);
  const Fe b = fe_sq(p.y);
  const Fe zz = fe_sq(p.z);
  const Fe c = fe_add(zz, zz);
  const Fe h = fe_add(a, b);
  const Fe e = fe_sub(h, fe_sq(fe_add(p.x, p.y)));
  const Fe g = fe_sub(a, b);
  const Fe f = fe_add(c, g);
  return {e, h, g, f};
}

// add (add-2008-hwcd-3, a = -1): A = (Y1-X1)(Y2-X2), B = (Y1+X1)(Y2+X2), C = T1 2d T2,
// D = Z1 2 Z2, E = B - A, F = D - C, G = D + C, H = B + A; X3 = EF, Y3 = GH, Z3 = FG, T3 = EH.
P1P1 add(const P3& p, const Cached& q) {
  const Fe a = fe_mul(fe_sub(p.y, p.x), q.ymx);
  const Fe b = fe_mul(fe_add(p.y, p.x), q.ypx);
  const Fe c = fe_mul(p.t, q.t2d);
  const Fe d = fe_mul(p.z, q.z2);
  return {fe_sub(b, a), fe_add(b, a), fe_add(d, c), fe_sub(d, c)};
}

// sub: add with -Q = (Y-X, Y+X, 2Z, -2dT), i.e. swapped ypx/ymx and F/G.
P1P1 sub(const P3& p, const Cached& q) {
  const Fe a = fe_mul(fe_sub(p.y, p.x), q.ypx);
  const Fe b = fe_mul(fe_add(p.y, p.x), q.ymx);
  const Fe c = fe_mul(p.t, q.t2d);
  const Fe d = fe_mul(p.z, q.z2);
  return {fe_sub(b, a), fe_add(b, a), fe_sub(d, c), fe_add(d, c)};
}

P1P1 madd(const P3& p, const Niels& q) {
  const Fe a = fe_mul(fe_sub(p.y, p.x), q.ymx);
  const Fe b = fe_mul(fe_add(p.y, p.x), q.ypx);
  const Fe c = fe_mul(p.t, q.xy2d);
  const Fe d = fe_add(p.z, p.z);
  return {fe_sub(b, a), fe_add(b, a), fe_add(d, c), fe_sub(d, c)};
}

P1P1 msub(const P3& p, const Niels& q) {
  const Fe a = fe_mul(fe_sub(p.y, p.x), q.ypx);
  const Fe b = fe_mul(fe_add(p.y, p.x), q.ymx);
  const Fe c = fe_mul(p.t, q.xy2d);
  const Fe d = fe_add(p.z, p.z);
  return {fe_sub(b, a), fe_add(b, a), fe_sub(d, c), fe_add(d, c)};
}

// decode_vartime (RFC 8032 §5.1.3): y from the low 255 bits (must be < p), x from
// x^2 = (y^2 - 1) / (d y^2 + 1) via x = u v^3 (u v^7)^((p-5)/8), then the sign bit.
int decode_vartime(P3& out, const uint8_t in[32]) {
  Fe y;
  if (!fe_from_bytes_vartime(y, in)) return static_cast<int>(Ed25519Error::kNotCanonical);
  const bool sign = (in[31] >> 7) != 0;
  const Fe y2 = fe_sq(y);
  const Fe u = fe_sub(y2, kFeOne);
  const Fe v = fe_add(fe_mul(kFeD, y2), kFeOne);
  const Fe v3 = fe_mul(fe_sq(v), v);
  const Fe v7 = fe_mul(fe_sq(v3), v);
  Fe x = fe_mul(fe_mul(u, v3), fe_pow22523(fe_mul(u, v7)));
  const Fe vx2 = fe_mul(v, fe_sq(x));
  if (!fe_equal_vartime(vx2, u)) {
    if (!fe_equal_vartime(vx2, fe_neg(u))) return static_cast<int>(Ed25519Error::kNotOnCurve);
    x = fe_mul(x, kFeSqrtM1);
  }
  const bool x_zero = fe_is_zero_vartime(x);
  if (x_zero && sign) return static_cast<int>(Ed25519Error::kNegativeZero);
  if (fe_is_negative(x) != sign) x = fe_neg(x);
  out = {x, y, kFeOne, fe_mul(x, y)};
  return 0;
}

void encode(uint8_t out[32], const P3& p) {
  const Fe zi = fe_invert(p.z);
  fe_to_bytes(out, fe_mul(p.y, zi));
  if (fe_is_negative(fe_mul(p.x, zi))) out[31] |= 0x80;
}

bool is_identity_vartime(const P3& p) {
  return fe_is_zero_vartime(p.x) && fe_equal_vartime(p.y, p.z);
}

P3 dbl_n(const P3& p, int n) {
  if (n <= 0) return p;
  P2 cur = p3_to_p2(p);
  for (int i = 1; i < n; ++i) cur = to_p2(dbl(cur));
  return to_p3(dbl(cur));
}

P3 mul_by_cofactor(const P3& p) { return dbl_n(p, 3); }

void odd_multiples(Cached* table, const P3& p, int count) {
  const Cached two = to_cached(dbl_n(p, 1));
  P3 cur = p;
  table[0] = to_cached(p);
  for (int i = 1; i < count; ++i) {
    cur = to_p3(add(cur, two));
    table[i] = to_cached(cur);
  }
}

namespace {

// kWideLimbs: a value of up to four limbs plus room for the recoding carry.
constexpr int kWideLimbs = 5;

// shift_right: k >>= s for a kWideLimbs-limb value, 0 < s < 64.
void shift_right(uint64_t k[kWideLimbs], int s) {
  for (int j = 0; j + 1 < kWideLimbs; ++j) k[j] = (k[j] >> s) | (k[j + 1] << (64 - s));
  k[kWideLimbs - 1] >>= s;
}

bool is_zero(const uint64_t k[kWideLimbs]) {
  uint64_t acc = 0;
  for (int j = 0; j < kWideLimbs; ++j) acc |= k[j];
  return acc == 0;
}

// add_small: k += a (a < 2^63), carrying through the limbs.
void add_small(uint64_t k[kWideLimbs], uint64_t a) {
  k[0] += a;
  if (k[0] >= a) return;  // no carry out of limb 0
  for (int j = 1; j < kWideLimbs; ++j) {
    if (++k[j] != 0) return;
  }
}

}  // namespace

void wnaf(Naf& out, const uint64_t* limbs, int n, int w, bool negate) {
  std::fill(std::begin(out.d), std::end(out.d), int8_t{0});
  out.top = -1;
  uint64_t k[kWideLimbs] = {};
  std::copy(limbs, limbs + n, k);
  const uint64_t window = (uint64_t{1} << w) - 1;
  const int64_t half = int64_t{1} << (w - 1);
  int i = 0;
  while (!is_zero(k)) {
    if (k[0] == 0) {  // skip a whole zero limb
      std::copy(k + 1, k + kWideLimbs, k);
      k[kWideLimbs - 1] = 0;
      i += 64;
      continue;
    }
    const int z = __builtin_ctzll(k[0]);
    if (z > 0) {
      shift_right(k, z);
      i += z;
    }
    int64_t digit = static_cast<int64_t>(k[0] & window);
    if (digit >= half) digit -= int64_t{1} << w;
    if (digit > 0) {
      k[0] -= static_cast<uint64_t>(digit);  // clears the low bits: no borrow
    } else {
      add_small(k, static_cast<uint64_t>(-digit));
    }
    out.d[i] = static_cast<int8_t>(negate ? -digit : digit);
    out.top = i;
  }
}

namespace {

// Digit: one addition of the Straus loop.
struct Digit {
  const Cached* cached;  // or null for a base-table entry
  const Niels* niels;
  bool negative;
};

P1P1 add_digit(const P3& p, const Digit& d) {
  if (d.cached != nullptr) return d.negative ? sub(p, *d.cached) : add(p, *d.cached);
  return d.negative ? msub(p, *d.niels) : madd(p, *d.niels);
}

// DigitsByPosition: every non-zero digit of every term, grouped by position (a counting sort, so
// one sequential pass over each NAF instead of a pass over all terms per position); within a
// position in term order, base terms last.
struct DigitsByPosition {
  std::array<uint32_t, kNafLen + 1> start{};  // digits at position i: [start[i], start[i + 1])
  std::vector<Digit> digits;
  int top = -1;
};

template <typename T>
void count_digits(DigitsByPosition& out, std::span<const T> terms) {
  for (const T& t : terms) {
    for (int i = 0; i <= t.naf->top; ++i) out.start[i + 1] += t.naf->d[i] != 0 ? 1 : 0;
    out.top = std::max(out.top, t.naf->top);
  }
}

Digit make_digit(const Term& t, int d) { return {&t.table[(d < 0 ? -d : d) >> 1], nullptr, d < 0}; }
Digit make_digit(const BaseTerm& t, int d) { return {nullptr, &t.table[(d < 0 ? -d : d) >> 1], d < 0}; }

template <typename T>
void place_digits(DigitsByPosition& out, std::array<uint32_t, kNafLen>& next, std::span<const T> terms) {
  for (const T& t : terms) {
    for (int i = 0; i <= t.naf->top; ++i) {
      const int d = t.naf->d[i];
      if (d != 0) out.digits[next[i]++] = make_digit(t, d);
    }
  }
}

DigitsByPosition digits_by_position(std::span<const Term> terms, std::span<const BaseTerm> base) {
  DigitsByPosition out;
  count_digits(out, terms);
  count_digits(out, base);
  for (int i = 0; i < kNafLen; ++i) out.start[i + 1] += out.start[i];
  out.digits.resize(out.start[kNafLen]);
  std::array<uint32_t, kNafLen> next;
  std::copy(out.start.begin(), out.start.end() - 1, next.begin());
  place_digits(out, next, terms);
  place_digits(out, next, base);
  return out;
}

// to_niels: the affine form of P for base-point tables.
Niels to_niels(const P3& p) {
  const Fe zi = fe_invert(p.z);
  const Fe x = fe_mul(p.x, zi);
  const Fe y = fe_mul(p.y, zi);
  return {fe_carry(fe_add(y, x)), fe_sub(y, x), fe_mul(fe_mul(x, y), kFeD2)};
}

void niels_odd_multiples(Niels out[kBaseTableSize], const P3& p) {
  const Cached two = to_cached(dbl_n(p, 1));
  P3 cur = p;
  out[0] = to_niels(p);
  for (int i = 1; i < kBaseTableSize; ++i) {
    cur = to_p3(add(cur, two));
    out[i] = to_niels(cur);
  }
}

// The RFC 8032 base point B: y = 4/5, x even.
constexpr uint8_t kBaseBytes[32] = {0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};

}  // namespace

// straus_vartime: one shared doubling chain; at each position the terms' digits are added. An
// addition's result is completed to P3 (4M) only when another addition follows; before a
// doubling P2 (3M) is enough.
P3 straus_vartime(std::span<const Term> terms, std::span<const BaseTerm> base) {
  const DigitsByPosition at = digits_by_position(terms, base);
  P3 cur = p3_identity();
  if (at.top < 0) return cur;
  P2 acc = p3_to_p2(cur);
  for (int i = at.top; i >= 0; --i) {
    P1P1 t = dbl(acc);
    for (uint32_t j = at.start[i]; j < at.start[i + 1]; ++j) t = add_digit(to_p3(t), at.digits[j]);
    if (i == 0) return to_p3(t);
    acc = to_p2(t);
  }
  return cur;
}

P3 base_point() {
  P3 b;
  SP_CHECK(decode_vartime(b, kBaseBytes) == 0);
  return b;
}

const BaseTables& base_tables() {
  static const BaseTables* const tables = [] {
    auto* t = new BaseTables;
    P3 b = base_point();
    for (int j = 0; j < kParts; ++j) {
      niels_odd_multiples(t->part[j], b);
      b = dbl_n(b, 64);
    }
    return t;
  }();
  return *tables;
}

}  // namespace stakepool::crypto::ed25519::detail
